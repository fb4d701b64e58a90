// What a declared route documents beyond its schemas: every problem status it can answer (with
// the headers each carries) and its success headers.
import { Problem, ref } from '../schemas/common.js'
import { MAX_BREAKER_COOLDOWN_MS, MAX_RATE_PER_MINUTE, RATE_LIMIT_WINDOW_MS } from '../config.js'
import type { AnyRoute } from './define.js'

const PROBLEM_DESCRIPTIONS: Array<[number, string]> = [
  [400, 'The request does not match the schema (see `errors`)'],
  [401, 'No API key, or one that is not valid'],
  [403, 'The API key lacks the scope this operation needs, or may not be used from this address'],
  [404, 'The resource, or a record it refers to, does not exist'],
  [409, 'The resource is in a state that does not allow this'],
  [422, 'WHMCS rejected the input; `detail` has its message'],
  [429, 'The API key\'s request budget is spent; see Retry-After'],
  [500, 'An unexpected failure of the service; `instance` identifies it in the service log'],
  [501, 'The WHMCS installation does not offer this action'],
  [502, 'WHMCS refused the service\'s credentials, failed, or gave an unusable answer'],
  [503, 'WHMCS is unreachable, or too busy or failing to take more calls now; see Retry-After'],
  [504, 'WHMCS did not answer in time, or the request passed its deadline']
]

const int32Header = (minimum: number, maximum: number, description: string) =>
  ({ type: 'integer', format: 'int32', minimum, maximum, description })

/**
 * What @fastify/rate-limit (enableDraftSpec) sends on every answer of a declared route: its
 * hook runs before the route's refusals (auth defers them until it has counted the request), so
 * 2xx and 4xx answers alike carry them.
 */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': int32Header(1, MAX_RATE_PER_MINUTE, 'Requests allowed per minute: the API key\'s budget, or the address\'s for a request without a valid key'),
  'RateLimit-Remaining': int32Header(0, MAX_RATE_PER_MINUTE, 'Requests left in the current minute'),
  'RateLimit-Reset': int32Header(0, RATE_LIMIT_WINDOW_MS / 1000, 'Seconds until the budget is renewed')
}

/** Seconds to wait: sent with 429 (the rate limit) and with 503 when WHMCS is busy or failing. */
const retryAfter = (description: string) => ({ 'Retry-After': int32Header(0, MAX_BREAKER_COOLDOWN_MS / 1000, description) })

const STATUS_HEADERS: Record<number, Record<string, unknown>> = {
  401: { 'WWW-Authenticate': { type: 'string', maxLength: 256, description: 'Present when the API key is missing or not valid (UNAUTHORIZED): the Bearer challenge (RFC 6750), with `error="invalid_token"` for a key that is not valid' } },
  403: { 'WWW-Authenticate': { type: 'string', maxLength: 256, description: 'Present when the key lacks the scope: a Bearer challenge with `error="insufficient_scope"` and the `scope` needed' } },
  429: retryAfter('Seconds until the budget is renewed'),
  503: retryAfter('Present when WHMCS is too busy (UPSTREAM_OVERLOADED) or failing (UPSTREAM_CIRCUIT_OPEN), or Idempotency-Keys cannot be checked (IDEMPOTENCY_UNAVAILABLE): seconds until a retry makes sense')
}

function problemResponse (status: number, description: string): Record<string, unknown> {
  const headers = { ...(status < 500 ? RATE_LIMIT_HEADERS : {}), ...STATUS_HEADERS[status] }
  return {
    description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema: ref(Problem) } }
  }
}

const SUCCESS_HEADERS = {
  Location: { type: 'string', format: 'uri-reference', maxLength: 2048, description: 'URL of the created resource' },
  // Both links repeat the request's path and its validated query (the longest a list takes is a
  // few kilobytes), so 8 KiB bounds it.
  Link: { type: 'string', maxLength: 8192, description: 'RFC 8288 links to the next and previous pages; absent when there is no other page' },
  'Idempotent-Replayed': { type: 'string', enum: ['true'], description: 'Present when this answer replays an earlier request with the same Idempotency-Key' }
}

export function responses (def: AnyRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const headers: Record<string, unknown> = { ...RATE_LIMIT_HEADERS }
  if (def.kind === 'item' && def.location !== undefined) headers.Location = SUCCESS_HEADERS.Location
  if (def.kind === 'list') headers.Link = SUCCESS_HEADERS.Link
  const replayable = def.method === 'POST' && def.idempotencyKey !== 'none'
  if (replayable) headers['Idempotent-Replayed'] = SUCCESS_HEADERS['Idempotent-Replayed']
  if (def.kind === 'empty') {
    out[204] = { type: 'null', description: def.responseDescription, headers }
  } else {
    // A named list component is referenced, as item responses are, rather than inlined.
    const schema = def.kind === 'list' && typeof def.response.$id === 'string' ? { $ref: def.response.$id } : def.response
    out[def.kind === 'item' ? def.status : 200] = {
      description: def.responseDescription,
      content: { 'application/json': { schema } },
      headers
    }
  }
  const statuses = [...PROBLEM_DESCRIPTIONS]
  if (def.body !== undefined) statuses.push([413, 'The request body is too large'], [415, 'The request body is not JSON'])
  if (replayable) {
    statuses.push([409, 'The resource is in a state that does not allow this, or a request with the same Idempotency-Key is still in progress'])
    statuses.push([422, 'WHMCS rejected the input (`detail` has its message), or the Idempotency-Key was used for a different request'])
    statuses.push([503, 'WHMCS is unreachable, or too busy or failing to take more calls now, or Idempotency-Keys cannot be checked (IDEMPOTENCY_UNAVAILABLE, nothing was sent); see Retry-After'])
  }
  // The route's own meanings come last, so that the stable sort lets them win.
  for (const [status, description] of Object.entries(def.problems ?? {})) statuses.push([Number(status), description])
  statuses.sort((a, b) => a[0] - b[0])
  for (const [status, description] of statuses) out[status] = problemResponse(status, description)
  return out
}

/** The name of the bearer security scheme in the OpenAPI document. */
export const SECURITY_SCHEME = 'bearerAuth'
