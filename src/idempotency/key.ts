// The Idempotency-Key header, declared once: its name and format for the route schemas that
// take it (and so the OpenAPI document) and for the plugin that checks it.
import type { FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { HttpProblem } from '../problems/catalogue.js'

export const IDEMPOTENCY_HEADER = 'idempotency-key'
const MIN_LENGTH = 8
const MAX_LENGTH = 255
/** Printable ASCII without the space, as a JSON Schema pattern. */
const PATTERN = `^[\\x21-\\x7E]{${MIN_LENGTH},${MAX_LENGTH}}$`
const matcher = new RegExp(PATTERN)

/** How a valid key looks, in words, for error messages. */
export const IDEMPOTENCY_KEY_FORMAT = `${MIN_LENGTH} to ${MAX_LENGTH} printable ASCII characters without spaces`

export const isIdempotencyKey = (value: string): boolean => matcher.test(value)

const IdempotencyKey = Type.String({
  pattern: PATTERN,
  minLength: MIN_LENGTH,
  maxLength: MAX_LENGTH,
  description: `A key unique to this operation (${MIN_LENGTH}-${MAX_LENGTH} printable ASCII characters without spaces, e.g. a UUID). A repeat with the same key and body replays the first answer (marked \`Idempotent-Replayed: true\`) instead of writing again; answers are kept for IDEMPOTENCY_TTL_SECONDS (24 hours by default).`,
  examples: ['7f8e3c2a-5b1d-4e9f-a6c0-2d8b7e1f4a93']
})

/** The headers schema of a route that takes (`optional`) or requires the key. */
export function idempotencyHeaders (mode: 'required' | 'optional'): TSchema {
  return Type.Object({ [IDEMPOTENCY_HEADER]: mode === 'required' ? IdempotencyKey : Type.Optional(IdempotencyKey) })
}

/** The refusal of a request that must carry a key and does not. */
export function keyRequired (request: FastifyRequest): HttpProblem {
  return new HttpProblem('IDEMPOTENCY_KEY_REQUIRED', `${request.method} ${request.routeOptions.url ?? ''} must carry an Idempotency-Key header (${IDEMPOTENCY_KEY_FORMAT}) so that it can be retried safely.`)
}
