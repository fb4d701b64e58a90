// The one error model: every failure the facade answers with is an RFC 9457 problem from this
// catalogue, and the one table below decides what each WHMCS message means for HTTP.
import { WhmcsApiError, WhmcsError } from '../whmcs/errors.js'

export interface ProblemKind {
  status: number
  title: string
}

/** Stable problem codes. Callers match on `code`; `type` is the same code as a URN. */
export const PROBLEMS = {
  INVALID_REQUEST: { status: 400, title: 'The request is not valid' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: 'This operation needs an Idempotency-Key header' },
  UNAUTHORIZED: { status: 401, title: 'A valid API key is required' },
  // The end user's email and password were checked and refused; the caller's API key was fine.
  LOGIN_INVALID: { status: 401, title: 'The email address and password do not match a user' },
  // A payment gateway declined the charge, or had nothing to charge (`detail`: WHMCS's text).
  PAYMENT_DECLINED: { status: 402, title: 'The payment was not taken' },
  FORBIDDEN: { status: 403, title: 'The API key may not do this' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  NOT_FOUND: { status: 404, title: 'Resource not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable' },
  CONFLICT: { status: 409, title: 'The resource is not in a state that allows this' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  INVALID_INPUT: { status: 422, title: 'WHMCS rejected the input' },
  WHMCS_REJECTED: { status: 422, title: 'WHMCS refused the request' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for a different request' },
  RATE_LIMITED: { status: 429, title: 'Too many requests for this API key' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  ACTION_NOT_SUPPORTED: { status: 501, title: 'The WHMCS installation does not support this action' },
  UPSTREAM_AUTH_FAILED: { status: 502, title: 'WHMCS refused the facade\'s API credentials' },
  UPSTREAM_FAILED: { status: 502, title: 'WHMCS could not complete the operation' },
  UPSTREAM_BAD_RESPONSE: { status: 502, title: 'WHMCS gave an answer that could not be used' },
  // The free text of a provisioning module or domain registrar that WHMCS passes on (`detail`).
  MODULE_FAILED: { status: 502, title: 'The provisioning module failed' },
  REGISTRAR_FAILED: { status: 502, title: 'The domain registrar failed' },
  UPSTREAM_UNAVAILABLE: { status: 503, title: 'WHMCS is unreachable' },
  UPSTREAM_OVERLOADED: { status: 503, title: 'Too many calls to WHMCS are waiting; try again shortly' },
  UPSTREAM_CIRCUIT_OPEN: { status: 503, title: 'WHMCS is failing; calls are paused for a moment' },
  IDEMPOTENCY_UNAVAILABLE: { status: 503, title: 'Idempotency-Keys cannot be checked right now; try again shortly' },
  UPSTREAM_TIMEOUT: { status: 504, title: 'WHMCS did not answer in time' },
  DEADLINE_EXCEEDED: { status: 504, title: 'The request took longer than its deadline' }
} as const satisfies Record<string, ProblemKind>

export type ProblemCode = keyof typeof PROBLEMS

export interface ProblemDetail {
  type: string
  title: string
  status: number
  code: ProblemCode
  detail?: string
  instance?: string
  errors?: Array<{ location: string, message: string }>
}

export const problemType = (code: ProblemCode): string => `urn:whmcs-rest:problem:${code.toLowerCase().replaceAll('_', '-')}`

/** An error the facade itself raises with a known problem code. */
export class HttpProblem extends Error {
  constructor (readonly code: ProblemCode, readonly detail?: string, readonly errors?: ProblemDetail['errors']) {
    super(detail ?? PROBLEMS[code].title)
    this.name = 'HttpProblem'
  }
}

// WHMCS has no error codes, only about 250 texts whose casing varies by action. Rules
// are tried in order, case-insensitively; the first match wins.
const MESSAGE_RULES: Array<[RegExp, ProblemCode]> = [
  // The facade's own credentials or network position were refused (WHMCS says so with HTTP 200,
  // 401 or 403 depending on the version, in one of these wordings).
  [/^authentication failed|invalid or missing credentials|^invalid ip\b|^access denied|admin user is required/i, 'UPSTREAM_AUTH_FAILED'],
  [/requested api action could not be found/i, 'ACTION_NOT_SUPPORTED'],
  // ValidateLogin's refusal of the end user's credentials (not the facade's: see LOGIN_INVALID).
  [/^email or password invalid/i, 'LOGIN_INVALID'],
  // "Order ID not found or Status not Pending": the record may exist in another state.
  [/not found or /i, 'CONFLICT'],
  [/not found|cannot find|^invalid [\w ]*?(?:\bid|_id)(?: requested)?\.?$|^invalid name for parameter setting/i, 'NOT_FOUND'],
  [/already|not available for use|duplicate|must be in |status is set to|can ?not be renewed|when client status is|is not active|is not suspended|is disabled|at least one email address enabled|multiple .* found|^it is not possible|no local credit card payment gateways|cannot be set on a client owner|not assigned to a module|authentication blocked for/i, 'CONFLICT'],
  [/^an unexpected error occurred|\bfailed\b|could not be provisioned|^error creating|^unable to generate|function not supported/i, 'UPSTREAM_FAILED'],
  [/^you did not|required|not valid|invalid|must |^missing|^expecting|cannot be in the future|can only be|^no amount|not set|not owned by|not associated|^no items|unsupported|is not supported|^either /i, 'INVALID_INPUT']
]

export function classifyWhmcsMessage (message: string): ProblemCode {
  for (const [pattern, code] of MESSAGE_RULES) if (pattern.test(message)) return code
  return 'WHMCS_REJECTED'
}

const TRANSPORT: Record<Exclude<WhmcsError['code'], 'WHMCS_API_ERROR'>, ProblemCode> = {
  WHMCS_UNREACHABLE: 'UPSTREAM_UNAVAILABLE',
  WHMCS_TIMEOUT: 'UPSTREAM_TIMEOUT',
  WHMCS_CONNECTION_RESET: 'UPSTREAM_BAD_RESPONSE',
  WHMCS_HTTP_ERROR: 'UPSTREAM_BAD_RESPONSE',
  WHMCS_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  WHMCS_OVERLOADED: 'UPSTREAM_OVERLOADED',
  WHMCS_CIRCUIT_OPEN: 'UPSTREAM_CIRCUIT_OPEN',
  WHMCS_DEADLINE: 'DEADLINE_EXCEEDED'
}

const build = (code: ProblemCode, detail?: string, errors?: ProblemDetail['errors']): ProblemDetail => {
  const p: ProblemDetail = { type: problemType(code), title: PROBLEMS[code].title, status: PROBLEMS[code].status, code }
  if (detail !== undefined) p.detail = detail
  if (errors !== undefined) p.errors = errors
  return p
}

/** What a route that runs a provisioning module, a registrar or a payment gateway calls its failures. */
export type FailureCode = 'MODULE_FAILED' | 'REGISTRAR_FAILED' | 'PAYMENT_DECLINED'

/**
 * The problem for a WhmcsError: WHMCS's text is passed on where it is about the caller's input.
 * On a route that runs a module, a registrar or a payment gateway (`failure`), a failure WHMCS
 * reports is theirs (WHMCS passes its text on), so it takes that route's code.
 */
export function whmcsProblem (err: WhmcsError, failure?: FailureCode): ProblemDetail {
  if (err instanceof WhmcsApiError) {
    const classified = classifyWhmcsMessage(err.message)
    const code = failure !== undefined && classified === 'UPSTREAM_FAILED' ? failure : classified
    if (code === 'UPSTREAM_AUTH_FAILED') {
      return build(code, 'The WHMCS API credentials, access key or IP allow-list entry of this service were rejected. An operator must fix the service configuration.')
    }
    if (code === 'ACTION_NOT_SUPPORTED') {
      return build(code, `The WHMCS installation does not offer the ${err.action ?? 'requested'} action, or the API role lacks it.`)
    }
    return build(code, err.message)
  }
  const code = TRANSPORT[err.code as keyof typeof TRANSPORT] ?? 'UPSTREAM_BAD_RESPONSE'
  return build(code, err.message)
}

export function problem (code: ProblemCode, detail?: string, errors?: ProblemDetail['errors']): ProblemDetail {
  return build(code, detail, errors)
}

/**
 * Upper bounds of a problem document, declared by the OpenAPI Problem schema and enforced by
 * `bounded()` on every problem sent: texts can quote the caller (an unknown property name, a
 * header), and a large invalid body could otherwise produce thousands of `errors`.
 */
export const PROBLEM_LIMITS = { title: 256, detail: 4096, errors: 100, errorText: 1024 } as const

/** Cuts a text to at most `max` characters, marking the cut with an ellipsis. */
export function clip (text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  // Never leave half of a surrogate pair at the end.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

/** The problem cut to PROBLEM_LIMITS. */
export function bounded (p: ProblemDetail): ProblemDetail {
  const out: ProblemDetail = { ...p, title: clip(p.title, PROBLEM_LIMITS.title) }
  if (p.detail !== undefined) out.detail = clip(p.detail, PROBLEM_LIMITS.detail)
  if (p.errors !== undefined) {
    out.errors = p.errors.slice(0, PROBLEM_LIMITS.errors).map((e) => ({
      location: clip(e.location, PROBLEM_LIMITS.errorText),
      message: clip(e.message, PROBLEM_LIMITS.errorText)
    }))
  }
  return out
}
