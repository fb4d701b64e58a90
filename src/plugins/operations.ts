// Liveness and readiness, for orchestrators and load balancers.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { toProblem } from '../problems/plugin.js'
import { Problem, int32, ref } from '../schemas/common.js'

const Health = Type.Object({
  status: Type.Literal('ok', { description: 'Always ok when the process answers' })
}, { additionalProperties: false, description: 'The process is running' })

/** What /readyz reports of WHMCS's version: a version-like token, else nothing. */
const VERSION = /^[0-9A-Za-z.+_-]{1,64}$/

const readiness = (description: string) => Type.Object({
  status: Type.Enum(['ready', 'degraded', 'unavailable'], { type: 'string', description: 'ready: WHMCS answers; degraded: WHMCS answers but the shared state store (Redis) does not, so writes with an Idempotency-Key are refused and limits are per instance; unavailable: WHMCS does not answer' }),
  whmcs: Type.Object({
    ok: Type.Boolean({ description: 'Whether a cheap WHMCS call succeeded' }),
    latencyMs: Type.Integer({ ...int32(0), description: 'How long the call took' }),
    version: Type.Optional(Type.String({ pattern: VERSION.source, maxLength: 64, description: 'The WHMCS version, when it answered', examples: ['8.13.1-release.1'] })),
    problem: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', maxLength: 64, description: 'The problem code when it did not, e.g. UPSTREAM_UNAVAILABLE' }))
  }, { additionalProperties: false, description: 'The readiness call to WHMCS' }),
  governor: Type.Object({
    breaker: Type.Enum(['closed', 'half-open', 'open'], { type: 'string', description: 'Circuit breaker state: open means WHMCS calls are paused after repeated failures' }),
    inFlight: Type.Integer({ ...int32(0), description: 'WHMCS calls in flight' }),
    queued: Type.Integer({ ...int32(0), description: 'WHMCS calls waiting for a slot' })
  }, { additionalProperties: false, description: 'The state of the WHMCS call governor' }),
  sharedState: Type.Object({
    backend: Type.Enum(['memory', 'redis'], { type: 'string', description: 'Where idempotency records, rate limits, the cache and the global WHMCS cap live: this instance\'s memory, or Redis (REDIS_URL) shared by every instance' }),
    ok: Type.Boolean({ description: 'Whether the store answers (always true for memory)' })
  }, { additionalProperties: false, description: 'The state shared by the instances of the service' })
}, { additionalProperties: false, description })

/** An unexpected failure: the probes answer it as every route does. */
const Unexpected = { description: 'An unexpected failure of the service; `instance` identifies it in the service log', content: { 'application/problem+json': { schema: ref(Problem) } } }

/** How long one readiness result is shared by later checks. */
const READY_REUSE_MS = 1_000

interface WhmcsCheck { ok: boolean, latencyMs: number, version?: string, problem?: string }

export interface OperationsOptions {
  /** The clock of the readiness check's shared-result window, in epoch ms; default Date.now. */
  now?: () => number
}

export default async function operations (fastify: FastifyInstance, opts: OperationsOptions = {}): Promise<void> {
  const clock = opts.now ?? Date.now
  const open = { public: true, rateLimit: false }
  const governor = (): { breaker: 'closed' | 'half-open' | 'open', inFlight: number, queued: number } => {
    const s = fastify.whmcs.stats()
    return { breaker: s.breaker, inFlight: s.inFlight, queued: s.queued }
  }
  fastify.get('/healthz', {
    config: open,
    schema: {
      security: [],
      operationId: 'getHealth',
      summary: 'Liveness',
      description: 'Answers 200 while the process is running; does not call WHMCS.',
      tags: ['Operations'],
      response: { 200: Health, 500: Unexpected }
    }
  }, async () => ({ status: 'ok' as const }))

  fastify.get('/readyz', {
    config: open,
    schema: {
      security: [],
      operationId: 'getReadiness',
      summary: 'Readiness',
      description: 'Answers 200 when WHMCS answers a cheap call (WhmcsDetails) with the configured credentials, 503 otherwise. While the shared state store (Redis) is unreachable it still answers 200, with status `degraded`: reads go on with per-instance limits, writes with an Idempotency-Key answer 503 until Redis is back.',
      tags: ['Operations'],
      response: {
        200: readiness('WHMCS answers: the service is ready (or degraded, without its shared state)'),
        500: Unexpected,
        503: readiness('WHMCS does not answer, or refuses the service\'s credentials: the service is not ready')
      }
    }
  }, async (request, reply) => {
    const now = clock()
    // The probe is public and unlimited: concurrent and closely repeated checks share one WHMCS
    // call, so polling it cannot crowd real traffic out of the governor's queue.
    if (check === undefined || now - check.at > READY_REUSE_MS) check = { at: now, result: probe(request) }
    const result = await check.result
    const state = fastify.stateStore.stats()
    return reply.code(result.ok ? 200 : 503).send({
      status: !result.ok ? 'unavailable' as const : state.healthy ? 'ready' as const : 'degraded' as const,
      governor: governor(),
      whmcs: result,
      sharedState: { backend: state.backend, ok: state.healthy }
    })
  })

  let check: { at: number, result: Promise<WhmcsCheck> } | undefined
  async function probe (request: FastifyRequest): Promise<WhmcsCheck> {
    const started = performance.now()
    try {
      const raw = await fastify.whmcs.call('WhmcsDetails', {}, { idempotent: true, cache: false })
      const version = raw.whmcs?.version
      return { ok: true, latencyMs: Math.round(performance.now() - started), ...(typeof version === 'string' && VERSION.test(version) ? { version } : {}) }
    } catch (err) {
      const p = toProblem(err, request)
      request.log.warn({ code: p.code }, 'readiness check failed')
      return { ok: false, latencyMs: Math.round(performance.now() - started), problem: p.code }
    }
  }
}
