// Stripe-style idempotent writes. A route whose config has `idempotency` accepts an
// Idempotency-Key header ('required': it must send one). The first request with a key claims it
// and its final answer is stored; a repeat of the same request gets that answer again, without
// WHMCS being called, and with `Idempotent-Replayed: true`. The key is given back only when the
// failure certainly never reached WHMCS, so a payment that timed out is never sent twice.
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { HttpProblem } from '../problems/catalogue.js'
import { WhmcsTransportError } from '../whmcs/errors.js'
import { MemoryIdempotencyStore } from '../idempotency/memory.js'
import type { IdempotencyRecord, IdempotencyScope, IdempotencyStore } from '../idempotency/store.js'
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_FORMAT, isIdempotencyKey, keyRequired } from '../idempotency/key.js'

export type IdempotencyMode = 'required' | 'optional'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where keys and stored answers live (exposed for tests and diagnostics). */
    idempotencyStore: IdempotencyStore
  }
  interface FastifyContextConfig {
    /** Whether the route takes an Idempotency-Key header, and whether it must. */
    idempotency?: IdempotencyMode
  }
}

export interface IdempotencyOptions {
  /** Default: a MemoryIdempotencyStore. It is closed with the server either way. */
  store?: IdempotencyStore
  /** How long a stored answer is replayed. Default 24 hours. */
  ttlMs?: number
  /**
   * How long a claim holds a key while its request runs; a request that crashed without an answer
   * frees its key after this. Keep it above the longest a request may take. Default 5 minutes.
   */
  inFlightTtlMs?: number
}

export const REPLAYED_HEADER = 'idempotent-replayed'
/** The headers a stored answer keeps besides its status and body. */
const KEPT_HEADERS = ['content-type', 'location'] as const

/** Retry-After of a write refused because the store of keys is unreachable (Redis reconnects within a second or so). */
export const UNAVAILABLE_RETRY_AFTER_S = 5

const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000
const DEFAULT_IN_FLIGHT_TTL_MS = 5 * 60 * 1000

interface Claim {
  scope: IdempotencyScope
  fingerprint: string
  /** The error the handler failed with, if it did (set by onError). */
  error?: unknown
  /** Completed or released: nothing more to do. */
  settled: boolean
}

/** JSON with object keys sorted at every level, so equal bodies have equal text. */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => v === undefined ? 'null' : canonicalJson(v)).join(',')}]`
  const obj = value as Record<string, unknown>
  const parts: string[] = []
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] !== undefined && typeof obj[k] !== 'function') parts.push(`${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
  }
  return `{${parts.join(',')}}`
}

/** The caller an idempotency key belongs to: its API key, once authentication has run. */
export const keyOwner = (request: FastifyRequest): string =>
  request.apiKeyId ?? 'anonymous'

/** What makes two requests "the same": method, route, concrete path, caller and body. */
export function fingerprint (request: FastifyRequest, owner: string): string {
  let path = request.url.split('?')[0]
  // The router ignores a trailing slash; so does the fingerprint.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.routeOptions.url ?? '', path, owner]))
    .update('\n')
    .update(canonicalJson(request.body ?? null))
    .digest('hex')
}

function readKey (request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_HEADER]
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !isIdempotencyKey(raw)) {
    const message = `must be ${IDEMPOTENCY_KEY_FORMAT}`
    throw new HttpProblem('INVALID_REQUEST', `The Idempotency-Key header ${message}`, [{ location: `headers/${IDEMPOTENCY_HEADER}`, message }])
  }
  return raw
}

function payloadText (payload: unknown): string | undefined {
  if (payload === undefined || payload === null) return ''
  if (typeof payload === 'string') return payload
  if (Buffer.isBuffer(payload)) return payload.toString('utf8')
  return undefined // a stream: it cannot be kept
}

export default fp<IdempotencyOptions>(async (fastify, opts) => {
  const store = opts.store ?? new MemoryIdempotencyStore()
  const ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS
  const inFlightTtlMs = opts.inFlightTtlMs ?? DEFAULT_IN_FLIGHT_TTL_MS
  const claims = new WeakMap<FastifyRequest, Claim>()

  fastify.decorate('idempotencyStore', store)
  fastify.addHook('onClose', async () => { await store.close() })

  // After authentication and schema validation: a request that is refused never claims a key.
  const preHandler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const mode = request.routeOptions.config.idempotency
    if (mode === undefined) return
    const key = readKey(request)
    if (key === undefined) {
      if (mode === 'required') throw keyRequired(request)
      return
    }
    const owner = keyOwner(request)
    const scope = { owner, key }
    const print = fingerprint(request, owner)
    let found
    try {
      found = await store.claim(scope, print, inFlightTtlMs)
    } catch (err) {
      // Fail closed: without the shared record another instance could run this write as well.
      request.log.warn({ err }, 'the Idempotency-Key store is unreachable; the write is refused')
      reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S))
      throw new HttpProblem('IDEMPOTENCY_UNAVAILABLE', 'Writes with an Idempotency-Key are refused while the store of keys is unreachable, so that no write can run twice; nothing was sent to WHMCS. Repeat the request after Retry-After.')
    }
    if (found.kind === 'claimed') {
      claims.set(request, { scope, fingerprint: print, settled: false })
      return
    }
    const stored = found.kind === 'done' ? found.record.fingerprint : found.fingerprint
    if (stored !== print) {
      throw new HttpProblem('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request (method, path or body); use a new key for a new request.')
    }
    if (found.kind === 'in-flight') {
      reply.header('retry-after', '1')
      throw new HttpProblem('IDEMPOTENCY_IN_PROGRESS', 'The first request with this Idempotency-Key has not finished yet; repeat it shortly to get its answer.')
    }
    const { record } = found
    request.log.info({ status: record.status }, 'idempotent request replayed')
    for (const [name, value] of Object.entries(record.headers)) reply.header(name, value)
    reply.header(REPLAYED_HEADER, 'true')
    reply.code(record.status)
    return reply.send(record.body === '' ? undefined : record.body)
  }

  // The error reaches the error handler next, whose problem answer goes through onSend.
  const onError = async (request: FastifyRequest, _reply: FastifyReply, error: Error): Promise<void> => {
    const claim = claims.get(request)
    if (claim !== undefined) claim.error = error
  }

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const claim = claims.get(request)
    if (claim === undefined || claim.settled) return payload
    claim.settled = true
    try {
      if (claim.error instanceof WhmcsTransportError && !claim.error.reachedWhmcs) {
        // WHMCS never saw it: the same key may be sent again.
        await store.release(claim.scope)
        return payload
      }
      const body = payloadText(payload)
      if (body === undefined) {
        request.log.warn('a streamed answer cannot be stored for its Idempotency-Key; the key is released')
        await store.release(claim.scope)
        return payload
      }
      const headers: Record<string, string> = {}
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name)
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value)
      }
      const record: IdempotencyRecord = { fingerprint: claim.fingerprint, status: reply.statusCode, headers, body }
      await store.complete(claim.scope, record, ttlMs)
    } catch (err) {
      // The answer still goes out; the claim lapses after inFlightTtlMs (repeats get 409 until then).
      request.log.error({ err }, 'could not store the answer for an Idempotency-Key')
    }
    return payload
  }

  // Only on the routes that take a key: every other request (all reads) skips three hooks.
  fastify.addHook('onRoute', (route) => {
    if (route.config?.idempotency === undefined) return
    route.preHandler = [...hooks(route.preHandler), preHandler]
    route.onError = [...hooks(route.onError), onError]
    route.onSend = [...hooks(route.onSend), onSend]
  })
}, { name: 'idempotency', fastify: '5.x' })

/** A route's own hooks of one kind, as a list. */
const hooks = <T>(own: T | T[] | undefined): T[] => own === undefined ? [] : Array.isArray(own) ? own : [own]
