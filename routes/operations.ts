// Liveness and readiness, for orchestrators and load balancers.
import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { toProblem } from '../src/plugins/problems.js'

const Health = Type.Object({
  status: Type.Literal('ok', { description: 'Always ok when the process answers' })
}, { additionalProperties: false })

const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')], { description: 'Whether WHMCS answers' }),
  whmcs: Type.Object({
    ok: Type.Boolean({ description: 'Whether a cheap WHMCS call succeeded' }),
    latencyMs: Type.Integer({ description: 'How long the call took' }),
    version: Type.Optional(Type.String({ description: 'The WHMCS version, when it answered' })),
    problem: Type.Optional(Type.String({ description: 'The problem code when it did not' }))
  }, { additionalProperties: false }),
  governor: Type.Object({
    breaker: Type.Enum(['closed', 'half-open', 'open'], { description: 'Circuit breaker state: open means WHMCS calls are paused after repeated failures' }),
    inFlight: Type.Integer({ description: 'WHMCS calls in flight' }),
    queued: Type.Integer({ description: 'WHMCS calls waiting for a slot' })
  }, { additionalProperties: false })
}, { additionalProperties: false })

export default async function operations (fastify: FastifyInstance): Promise<void> {
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
      response: { 200: Health }
    }
  }, async () => ({ status: 'ok' as const }))

  fastify.get('/readyz', {
    config: open,
    schema: {
      security: [],
      operationId: 'getReadiness',
      summary: 'Readiness',
      description: 'Answers 200 when WHMCS answers a cheap call (WhmcsDetails) with the configured credentials, 503 otherwise.',
      tags: ['Operations'],
      response: { 200: Ready, 503: Ready }
    }
  }, async (request, reply) => {
    const started = performance.now()
    try {
      const raw = await fastify.whmcs.call('WhmcsDetails', {}, { idempotent: true, cache: false })
      const version = raw.whmcs?.version
      return {
        status: 'ready' as const,
        governor: governor(),
        whmcs: { ok: true, latencyMs: Math.round(performance.now() - started), ...(typeof version === 'string' ? { version } : {}) }
      }
    } catch (err) {
      const p = toProblem(err, request)
      request.log.warn({ code: p.code }, 'readiness check failed')
      return reply.code(503).send({ status: 'unavailable' as const, governor: governor(), whmcs: { ok: false, latencyMs: Math.round(performance.now() - started), problem: p.code } })
    }
  })
}
