// Shared schema primitives. Every resource schema is built from these, so an id, an amount or a
// date means the same thing on every route. Named components (with $id) become named types in
// generated clients.
import { Type, type Static, type TSchema, type TObject, type TUnsafe } from 'typebox'
import { PROBLEM_LIMITS } from '../problems/catalogue.js'
import { REQUEST_ID_MAX_LENGTH } from '../observability/request-id.js'

/**
 * A named schema: an OpenAPI component (a named type in generated clients) once its resource
 * declares it (src/route/resource.ts); `ref()` points at it.
 */
export function component<T extends TSchema> (id: string, schema: T): T & { $id: string } {
  return { ...schema, $id: id } as T & { $id: string }
}

/** A $ref to a component that keeps the static type of its target. */
export function ref<T extends TSchema & { $id: string }> (schema: T, options: { examples?: unknown[], description?: string } = {}): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: schema.$id, ...options })
}

// Field types (ids, money, dates...) are declared through src/whmcs/fields.ts, so that a field's
// schema and its reading from WHMCS cannot drift apart.

/**
 * The largest integer of the API. WHMCS keeps ids and counts in signed 32-bit INT columns, so
 * every id, count, offset and total is an int32.
 */
export const INT32_MAX = 2_147_483_647

/** Integer bounds for an int32 from `minimum` up (ids: 1, counts and offsets: 0). */
export const int32 = (minimum: number): { format: 'int32', minimum: number, maximum: number } =>
  ({ format: 'int32', minimum, maximum: INT32_MAX })

/** A calendar date the API takes (ISO 8601, `2026-11-28`). */
export const IsoDate = (description: string, example = '2026-11-28') =>
  Type.String({ format: 'date', maxLength: 10, description, examples: [example] })

/**
 * Money the API answers: a decimal string as WHMCS gave it (a sign, any number of places, room for
 * sums such as a client's income), never a JSON number.
 */
export const MoneyOut = (description: string, examples: string[] = ['0.00']) =>
  Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', maxLength: 32, description, examples })

/**
 * Money the API takes: a decimal string with at most two places that fits WHMCS's DECIMAL(16,2)
 * columns; `signed` where a negative amount means something (a discount line). A JSON number is
 * not money: it may already have lost cents in the caller's float.
 */
export const MoneyIn = (description: string, example: string, { signed = false } = {}) =>
  Type.String({ pattern: `^${signed ? '-?' : ''}\\d{1,13}(\\.\\d{1,2})?$`, maxLength: signed ? 17 : 16, description, examples: [example] })

/** The longest one-line text the API takes (names, address lines, subjects, search terms). */
export const LINE_MAX = 255

/** The largest page a list answers (`limit`). */
export const MAX_PAGE_SIZE = 250
/** The page size when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 25

export const Problem = component('Problem', Type.Object({
  type: Type.String({ format: 'uri', maxLength: 128, description: 'A URN naming the kind of problem; the same for every occurrence of it', examples: ['urn:whmcs-rest:problem:not-found'] }),
  title: Type.String({ maxLength: PROBLEM_LIMITS.title, description: 'A short summary of the kind of problem' }),
  status: Type.Integer({ format: 'int32', minimum: 400, maximum: 599, description: 'The HTTP status code of this answer' }),
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 64, description: 'Stable machine-readable problem code, e.g. NOT_FOUND or UPSTREAM_TIMEOUT' }),
  detail: Type.Optional(Type.String({ maxLength: PROBLEM_LIMITS.detail, description: 'What went wrong this time; for rejected input, WHMCS\'s own message' })),
  instance: Type.String({ maxLength: REQUEST_ID_MAX_LENGTH, description: 'The request id of this answer, for support and logs' }),
  errors: Type.Optional(Type.Array(Type.Object({
    location: Type.String({ maxLength: PROBLEM_LIMITS.errorText, description: 'Where the invalid value is, e.g. body/email or query/limit' }),
    message: Type.String({ maxLength: PROBLEM_LIMITS.errorText, description: 'What is wrong with it' })
  }, { additionalProperties: false }), { maxItems: PROBLEM_LIMITS.errors, description: `Each invalid input value, for validation problems (the first ${PROBLEM_LIMITS.errors})` }))
}, {
  description: 'An RFC 9457 problem document',
  additionalProperties: false
}))

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ ...int32(1), maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: `Page size (1-${MAX_PAGE_SIZE})` })),
  offset: Type.Optional(Type.Integer({ ...int32(0), default: 0, description: 'Number of records to skip' }))
}

export const PageMeta = component('PageMeta', Type.Object({
  total: Type.Integer({ ...int32(0), description: 'Number of records matching the query, across all pages' }),
  offset: Type.Integer({ ...int32(0), description: 'Offset of the first record of this page' }),
  limit: Type.Integer({ ...int32(1), maximum: MAX_PAGE_SIZE, description: 'Page size that was asked for' })
}, { description: 'Paging information of a list answer', additionalProperties: false }))

/** A page of a resource: `{ data: [...], meta: { total, offset, limit } }`. */
export function listOf<T extends TSchema & { $id: string }> (id: string, item: T, description: string) {
  return component(id, Type.Object({
    data: Type.Array(ref(item), { maxItems: MAX_PAGE_SIZE, description: 'The records of this page' }),
    meta: ref(PageMeta)
  }, { description, additionalProperties: false }))
}

/**
 * The `{id}` path parameter. Its example names a sandbox record the operation succeeds on (a
 * Pending order for accept, a Cancelled one for delete), so "Try it out" and the contract gate work.
 */
export const IdPathParams = (description: string, example = 1): TObject<{ id: ReturnType<typeof Type.Integer> }> =>
  Type.Object({ id: Type.Integer({ ...int32(1), description, examples: [example] }) }, { additionalProperties: false })

/** The components every resource refers to, first in the document. */
export const COMMON_COMPONENTS = [Problem, PageMeta]
