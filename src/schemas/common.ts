// Shared schema primitives. Every resource schema is built from these, so an id, an amount or a
// date means the same thing on every route. Named components (with $id) become named types in
// generated clients.
import { Type, type Static, type TSchema, type TObject, type TUnsafe } from 'typebox'

const registry = new Map<string, TSchema>()

/** Registers a named OpenAPI component; `ref()` points at it. */
export function component<T extends TSchema> (id: string, schema: T): T & { $id: string } {
  const named = { ...schema, $id: id } as T & { $id: string }
  if (registry.has(id)) throw new Error(`Schema component ${id} is declared twice`)
  registry.set(id, named)
  return named
}

/** A $ref to a registered component that keeps the static type of its target. */
export function ref<T extends TSchema & { $id: string }> (schema: T, options: { examples?: unknown[], description?: string } = {}): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: schema.$id, ...options })
}

/** Every component, for `fastify.addSchema` at start-up. */
export function components (): TSchema[] {
  return [...registry.values()]
}

// Field types (ids, money, dates...) are declared through src/mapping.ts, so that a field's
// schema and its reading from WHMCS cannot drift apart.

export const Problem = component('Problem', Type.Object({
  type: Type.String({ description: 'A URN naming the kind of problem; the same for every occurrence of it' }),
  title: Type.String({ description: 'A short summary of the kind of problem' }),
  status: Type.Integer({ description: 'The HTTP status code of this answer' }),
  code: Type.String({ description: 'Stable machine-readable problem code, e.g. NOT_FOUND or UPSTREAM_TIMEOUT' }),
  detail: Type.Optional(Type.String({ description: 'What went wrong this time; for rejected input, WHMCS\'s own message' })),
  instance: Type.Optional(Type.String({ description: 'The request id of this answer, for support and logs' })),
  errors: Type.Optional(Type.Array(Type.Object({
    location: Type.String({ description: 'Where the invalid value is, e.g. body/email or query/limit' }),
    message: Type.String({ description: 'What is wrong with it' })
  }, { additionalProperties: false }), { description: 'Each invalid input value, for validation problems' }))
}, {
  description: 'An RFC 9457 problem document',
  additionalProperties: false
}))

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 25, description: 'Page size (1-250)' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'Number of records to skip' }))
}

export const PageMeta = component('PageMeta', Type.Object({
  total: Type.Integer({ minimum: 0, description: 'Number of records matching the query, across all pages' }),
  offset: Type.Integer({ minimum: 0, description: 'Offset of the first record of this page' }),
  limit: Type.Integer({ minimum: 1, description: 'Page size that was asked for' })
}, { description: 'Paging information of a list answer', additionalProperties: false }))

/** A page of a resource: `{ data: [...], meta: { total, offset, limit } }`. */
export function listOf<T extends TSchema & { $id: string }> (id: string, item: T, description: string) {
  return component(id, Type.Object({
    data: Type.Array(ref(item), { description: 'The records of this page' }),
    meta: ref(PageMeta)
  }, { description, additionalProperties: false }))
}

export const IdPathParams = (description: string): TObject<{ id: ReturnType<typeof Type.Integer> }> =>
  Type.Object({ id: Type.Integer({ minimum: 1, description, examples: [1] }) }, { additionalProperties: false })
