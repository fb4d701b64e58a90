// The one declarative route pattern. A resource route is data: method, URL, docs, the WHMCS
// action it calls, its access level, TypeBox schemas, and two mappings (request -> action
// parameters, raw answer -> resource). `registerRoutes` turns declarations into Fastify routes
// with the OpenAPI metadata, the list conventions and every problem status they can answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'
import { SerializerSelector, type SerializerFactory, type Serializer } from '@fastify/fast-json-stringify-compiler'
import { Type, type Static, type TObject, type TSchema } from 'typebox'
import type { ActionName, ActionParams, ActionResult } from './whmcs/actions.js'
import { DEFAULT_PAGE_SIZE, PageQuery, Problem, ref } from './schemas/common.js'
import { scopeOf } from './auth/keys.js'
import type { FailureCode } from './problems.js'
import { MAX_BREAKER_COOLDOWN_MS, MAX_RATE_PER_MINUTE, RATE_LIMIT_WINDOW_MS } from './config.js'

export type Access = 'read' | 'write'
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type EmptyObject = TObject<{}>

export interface Input<TP extends TSchema, TQ extends TSchema, TB extends TSchema> {
  params: Static<TP>
  query: Static<TQ>
  body: Static<TB>
}

interface Common<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema> {
  method: Method
  /** Path relative to the resource prefix, Fastify style (`/:id`). */
  url: string
  operationId: string
  summary: string
  description: string
  /** The WHMCS action group, used as the OpenAPI tag (and, with `access`, for scopes). */
  group: string
  access: Access
  action: A
  params?: TP
  query?: TQ
  body?: TB
  /**
   * Whether a POST must carry an Idempotency-Key (money and order routes); every other POST
   * accepts one, except those whose answer is a one-time secret ('none'): the service does not
   * keep secrets to replay them. Other methods are idempotent by nature and ignore it.
   */
  idempotencyKey?: 'required' | 'none'
  /** The largest request body in bytes, where a route takes more than the service-wide 1 MiB (uploads). */
  bodyLimit?: number
  /**
   * A check of the validated request before WHMCS is called (an allow-list, a stricter budget);
   * it refuses by throwing an HttpProblem. It runs in the handler, after an Idempotency-Key is
   * claimed, so on a POST that takes one its refusal becomes that key's stored answer.
   */
  guard?: (input: Input<TP, TQ, TB>, request: FastifyRequest, reply: FastifyReply) => void | Promise<void>
  /**
   * The route runs a provisioning module, a domain registrar or a payment gateway: the failures
   * WHMCS reports (UPSTREAM_FAILED) are that code's problem, with the module's, registrar's or
   * gateway's text.
   */
  failure?: FailureCode
  /** Problem statuses this route answers with a meaning of its own, described for the document. */
  problems?: Readonly<Record<number, string>>
  /**
   * Maps the validated request to the action's parameters. Where WHMCS wants a parameter in a
   * shape that depends on records the request does not name (UpdateClientProduct takes a quantity
   * option in another shape than a dropdown), it may `read` them first: WHMCS reads made before
   * the action, within the same deadline, whose failures are the route's answer.
   */
  request: (input: Input<TP, TQ, TB>, read: Read) => NoInfer<ActionParams<A>> | Promise<NoInfer<ActionParams<A>>>
}

/** A WHMCS read a route's `request` makes before its action. */
export type Read = <R extends ActionName>(action: R, params: ActionParams<R>) => Promise<ActionResult<R>>

export interface ItemRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'item'
  status: 200 | 201
  response: TR
  responseDescription: string
  map: (raw: NoInfer<ActionResult<A>>, input: Input<TP, TQ, TB>) => Static<TR>
  /** For 201 answers: where the created resource lives. */
  location?: (out: Static<TR>, input: Input<TP, TQ, TB>) => string
}

export interface EmptyRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'empty'
  responseDescription: string
}

type Page = { limit: number, offset: number }
type ListStatic<TR extends TSchema> = Static<TR> extends { data: infer D } ? D : never

export interface ListRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, EmptyObject> {
  kind: 'list'
  /** A `listOf()` component: `{ data, meta }`. */
  response: TR
  responseDescription: string
  map: (raw: ActionResult<A>, input: Input<TP, TQ, EmptyObject>) => { data: ListStatic<TR>, total: number }
}

export type AnyRoute = ItemRoute<any, any, any, any, any> | EmptyRoute<any, any, any, any> | ListRoute<any, any, any, any>

export const itemRoute = <A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject>(
  def: Omit<ItemRoute<A, TP, TQ, TB, TR>, 'kind'>): AnyRoute => ({ ...def, kind: 'item' }) as unknown as AnyRoute

export const emptyRoute = <A extends ActionName, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject>(
  def: Omit<EmptyRoute<A, TP, TQ, TB>, 'kind'>): AnyRoute => ({ ...def, kind: 'empty' })

export const listRoute = <A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject>(
  def: Omit<ListRoute<A, TP, TQ, TR>, 'kind'>): AnyRoute => ({ ...def, kind: 'list' }) as unknown as AnyRoute

/** Query properties every list takes: `limit` and `offset`. */
export const listQuery = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ ...PageQuery, ...props }, { additionalProperties: false })

/**
 * One page of a list WHMCS answers whole (currencies, permissions, products, promotions take no
 * limitstart and limitnum): the page the validated `limit` and `offset` ask for, and the total.
 */
export function pageOf<T> (all: readonly T[], query: { limit?: number, offset?: number }): { data: T[], total: number } {
  const offset = query.offset ?? 0
  return { data: all.slice(offset, offset + (query.limit ?? DEFAULT_PAGE_SIZE)), total: all.length }
}

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

function responses (def: AnyRoute): Record<string, unknown> {
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

/** Builds the RFC 8288 Link header for a page, keeping the caller's other query parameters. */
function linkHeader (request: FastifyRequest, page: Page, total: number): string | undefined {
  const base = request.url.split('?')[0]
  const query = new URLSearchParams(request.url.split('?')[1] ?? '')
  const link = (offset: number, rel: string): string => {
    query.set('offset', String(offset))
    query.set('limit', String(page.limit))
    return `<${base}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page.offset + page.limit < total) links.push(link(page.offset + page.limit, 'next'))
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'))
  return links.length > 0 ? links.join(', ') : undefined
}

/** The name of the bearer security scheme in the OpenAPI document. */
export const SECURITY_SCHEME = 'bearerAuth'

const IdempotencyKey = Type.String({
  pattern: '^[\\x21-\\x7E]{8,255}$',
  minLength: 8,
  maxLength: 255,
  description: 'A key unique to this operation (8-255 printable ASCII characters without spaces, e.g. a UUID). A repeat with the same key and body replays the first answer (marked `Idempotent-Replayed: true`) instead of writing again; answers are kept for IDEMPOTENCY_TTL_SECONDS (24 hours by default).',
  examples: ['7f8e3c2a-5b1d-4e9f-a6c0-2d8b7e1f4a93']
})

function idempotencyHeaders (mode: 'required' | 'optional'): TSchema {
  return Type.Object({ 'idempotency-key': mode === 'required' ? IdempotencyKey : Type.Optional(IdempotencyKey) })
}

// Fastify asks the compiler factories for a compiler once per encapsulation context (each
// resource plugin), handing them a fresh copy of the shared schemas each time, and a test file
// builds many apps in one process. Both factories below keep their compilers across those calls,
// keyed by the shared schemas' content. Each schema object's JSON is taken once and interned as
// a number, so a key costs a lookup per schema, not the JSON of all of them per context
// (which, for the validators, @fastify/ajv-compiler's own pool key did: 0.4 s of start-up CPU).
const schemaNumbers = new WeakMap<object, number>()
const schemaTexts = new Map<string, number>()

function schemaNumber (schema: unknown): number {
  if (typeof schema !== 'object' || schema === null) return -1
  let number = schemaNumbers.get(schema)
  if (number === undefined) {
    const text = JSON.stringify(schema)
    number = schemaTexts.get(text)
    if (number === undefined) {
      number = schemaTexts.size
      schemaTexts.set(text, number)
    }
    schemaNumbers.set(schema, number)
  }
  return number
}

/** The shared schemas (by id and content) and the compiler options, as a key. */
function contextKey (externalSchemas: unknown, options: unknown): string {
  let key = JSON.stringify(options ?? null)
  for (const [id, schema] of Object.entries(externalSchemas ?? {}) as Array<[string, unknown]>) key += `\n${id}=${schemaNumber(schema)}`
  return key
}

/**
 * Validators that coerce only where text is all there is. A query string, a path or a header only
 * carries text, so "5" is read as 5 and a lone value as a list. A JSON body carries its own types:
 * an amount sent as the number 10.5 is refused (money is a decimal string; a number may already
 * have lost cents in the caller's float), as is an id sent as "5".
 */
export function textCoercingValidators (): ValidatorFactory {
  const factory = AjvCompiler()
  const compilers = new Map<string, ReturnType<ValidatorFactory>>()
  return (externalSchemas, options) => {
    const key = contextKey(externalSchemas, options)
    let compiler = compilers.get(key)
    if (compiler === undefined) {
      const coercing = factory(externalSchemas, options)
      // The service compiles JSON Schema (Ajv), never JTD, whose options have no coerceTypes.
      const ajvOptions = options as { customOptions?: Record<string, unknown> } | undefined
      const strict = factory(externalSchemas, { ...ajvOptions, customOptions: { ...ajvOptions?.customOptions, coerceTypes: false } })
      compiler = (route) => (route.httpPart === 'body' ? strict(route) : coercing(route))
      compilers.set(key, compiler)
    }
    return compiler
  }
}

/**
 * Fastify's response serializer factory, compiling each distinct response schema once per
 * process. Every declared route answers the same Problem schema under a dozen statuses, and
 * Fastify compiles a serializer per route and status: 133 compilations at start-up for 12
 * distinct schemas, ~120 ms of CPU and ~5 MB of resident memory (bench/RESULTS.md). The compiled
 * serializers are kept across Fastify's calls (see contextKey), told apart by the shared schemas,
 * the serializer options and the JSON of the route's schema. Each is compiled with only the
 * shared schemas it refers to (fast-json-stringify checks every shared schema it is given against
 * the JSON Schema meta-schema on every compilation), and with its nullables as type lists (see
 * nullableAsTypeList).
 */
export function sharedSerializers (): SerializerFactory {
  const factory = SerializerSelector()
  const compiled = new Map<string, Serializer>()
  // Each distinct context key, as a short number for the serializers' keys.
  const contexts = new Map<string, number>()
  // The serialization form of each shared schema (see nullableAsTypeList), made once.
  const forSerialization = new WeakMap<object, unknown>()
  return (externalSchemas, options) => {
    const text = contextKey(externalSchemas, options)
    let context = contexts.get(text)
    if (context === undefined) {
      context = contexts.size
      contexts.set(text, context)
    }
    const prefix = `${context}\n`
    const shared = (externalSchemas ?? {}) as Record<string, unknown>
    const serializable = (id: string): unknown => {
      const schema = shared[id] as object
      let out = forSerialization.get(schema)
      if (out === undefined) {
        out = nullableAsTypeList(schema)
        forSerialization.set(schema, out)
      }
      return out
    }
    return (route) => {
      const key = prefix + JSON.stringify(route.schema)
      let serializer = compiled.get(key)
      if (serializer === undefined) {
        const referenced = Object.fromEntries([...referencedIds(route.schema, shared)].map((id) => [id, serializable(id)]))
        serializer = factory(referenced, options)({ ...route, schema: nullableAsTypeList(route.schema) })
        compiled.set(key, serializer)
      }
      return serializer
    }
  }
}

/**
 * The ids of the shared schemas a schema refers to (`$ref: 'Client'` or `'Client#/…'`), directly
 * or through the shared schemas it refers to. A reference to no shared schema is left for the
 * compiler to report.
 */
export function referencedIds (schema: unknown, shared: Record<string, unknown>): Set<string> {
  const ids = new Set<string>()
  const pending: unknown[] = [schema]
  while (pending.length > 0) {
    const node = pending.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      pending.push(...node)
      continue
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0]
        if (id !== '' && !ids.has(id) && id in shared) {
          ids.add(id)
          pending.push(shared[id])
        }
      } else if (typeof value === 'object') {
        pending.push(value)
      }
    }
  }
  return ids
}

const SCALAR_TYPES: ReadonlySet<unknown> = new Set(['string', 'integer', 'number', 'boolean'])
const COMPOSITE_KEYWORDS = ['$ref', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'enum', 'const']

const isNullSchema = (s: unknown): boolean =>
  typeof s === 'object' && s !== null && Object.keys(s).length === 1 && (s as { type?: unknown }).type === 'null'

const isScalarSchema = (s: unknown): s is { type: string } =>
  typeof s === 'object' && s !== null && SCALAR_TYPES.has((s as { type?: unknown }).type) && COMPOSITE_KEYWORDS.every((k) => !(k in s))

/**
 * A copy of a schema with each nullable scalar, which TypeBox writes `anyOf: [<scalar>, null]`,
 * written as a type list (`type: [<scalar>, 'null']`), for serialization only: fast-json-stringify
 * picks an anyOf branch by running a validator on the value, and a type list by its type. The list
 * route's rows went from 1.9 to 0.7 µs each, faster than JSON.stringify (bench/RESULTS.md). The
 * OpenAPI document and the request validators keep the schemas as declared; the answers are the
 * same text.
 */
export function nullableAsTypeList (schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypeList)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) out[key] = nullableAsTypeList(value)
  const { anyOf, ...rest } = out
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex(isNullSchema)
    const other: unknown = anyOf[1 - nullAt]
    if (nullAt !== -1 && isScalarSchema(other)) return { ...rest, ...other, type: [other.type, 'null'] }
  }
  return out
}

/** Registers declared routes on a Fastify instance (usually inside the resource's prefix). */
export function registerRoutes (fastify: FastifyInstance, routes: readonly AnyRoute[]): void {
  for (const def of routes) {
    const scope = scopeOf(def.group, def.access)
    const idempotency = def.method === 'POST' && def.idempotencyKey !== 'none' ? (def.idempotencyKey ?? 'optional') : undefined
    const schema: Record<string, unknown> = {
      operationId: def.operationId,
      summary: def.summary,
      description: `${def.description}\n\nRequires the scope \`${scope}\`.${idempotency === 'required'
        ? ' Must carry an `Idempotency-Key`.'
        : idempotency === 'optional'
          ? ' Send an `Idempotency-Key` to make retries safe.'
          : def.idempotencyKey === 'none' ? ' Its answer holds a secret the service does not keep, so it takes no `Idempotency-Key` and is never replayed.' : ''}`,
      tags: [def.group],
      security: [{ [SECURITY_SCHEME]: [scope] }],
      response: responses(def)
    }
    if (def.params !== undefined) schema.params = def.params
    if (def.query !== undefined) schema.querystring = def.query
    if (def.body !== undefined) schema.body = def.body
    if (idempotency !== undefined) schema.headers = idempotencyHeaders(idempotency)

    fastify.route({
      method: def.method,
      url: def.url,
      schema: { ...schema, 'x-whmcs-action': def.action } as Record<string, unknown>,
      config: { group: def.group, access: def.access, action: def.action, idempotency, failure: def.failure },
      ...(def.bodyLimit !== undefined ? { bodyLimit: def.bodyLimit } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const input = { params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? {} }
        if (def.guard !== undefined) await def.guard(input, request, reply)
        // The deadline counts from the request's arrival, not from the call.
        const deadlineAt = Date.now() - reply.elapsedTime + fastify.whmcs.deadlineMs
        const read: Read = async (action, params) => await fastify.whmcs.call(action, params, { idempotent: true, deadlineAt })
        const params = await def.request(input, read)
        const raw = await fastify.whmcs.call(def.action, params, { idempotent: def.access === 'read', deadlineAt })
        if (def.kind === 'empty') return reply.code(204).send()
        if (def.kind === 'list') {
          const page = input.query as Page
          const { data, total } = def.map(raw, input)
          const link = linkHeader(request, page, total)
          if (link !== undefined) reply.header('link', link)
          return { data, meta: { total, offset: page.offset, limit: page.limit } }
        }
        const out = def.map(raw, input)
        if (def.location !== undefined) reply.header('location', def.location(out, input))
        return reply.code(def.status).send(out)
      }
    })
  }
}
