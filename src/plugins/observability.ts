// Metrics (Prometheus, GET /metrics with the metrics:read scope) and the audit log: one line for
// every write, with the key, route, WHMCS action, outcome and duration, never a body.
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { WhmcsCallEvent, WhmcsStats } from '../whmcs/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
    /** Records one WHMCS call; the WHMCS client reports every call here. */
    recordWhmcsCall: (e: WhmcsCallEvent) => void
  }
}

const BREAKER_STATES: Record<WhmcsStats['breaker'], number> = { closed: 0, 'half-open': 1, open: 2 }

export default fp(async (fastify) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of API requests, by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry]
  })
  const whmcsDuration = new Histogram({
    name: 'whmcs_call_duration_seconds',
    help: 'Duration of WHMCS calls, by action and outcome (success, api_error or a transport code)',
    labelNames: ['action', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry]
  })
  const replays = new Counter({
    name: 'idempotency_replays_total',
    help: 'Writes answered from an idempotency record instead of calling WHMCS again',
    registers: [registry]
  })
  const stats = (): WhmcsStats => fastify.whmcs.stats()
  // Governor state is read when Prometheus scrapes, not tracked on every call.
  const gauges: Array<[string, string, (s: WhmcsStats) => number]> = [
    ['whmcs_governor_in_flight', 'WHMCS calls in flight', (s) => s.inFlight],
    ['whmcs_governor_queued', 'WHMCS calls waiting for a slot', (s) => s.queued],
    ['whmcs_breaker_state', 'Circuit breaker: 0 closed, 1 half-open, 2 open', (s) => BREAKER_STATES[s.breaker]],
    ['whmcs_cache_hits', 'Reference reads answered from the cache (since start)', (s) => s.cacheHits],
    ['whmcs_cache_misses', 'Reference reads that went to WHMCS (since start)', (s) => s.cacheMisses],
    ['whmcs_retries', 'Reads sent again after a transport failure (since start)', (s) => s.retries],
    ['whmcs_rejected_overload', 'Calls refused because the queue was full (since start)', (s) => s.rejectedOverload]
  ]
  for (const [name, help, read] of gauges) {
    const gauge: Gauge = new Gauge({ name, help, registers: [registry], collect () { gauge.set(read(stats())) } })
  }

  fastify.decorate('metrics', registry)
  fastify.decorate('recordWhmcsCall', (e: WhmcsCallEvent) => {
    whmcsDuration.observe({ action: e.action, outcome: e.outcome }, e.durationMs / 1000)
  })

  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown'
    const seconds = reply.elapsedTime / 1000
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds)
    const replayed = reply.getHeader('idempotent-replayed') === 'true'
    if (replayed) replays.inc()
    const config = request.routeOptions.config
    if (config.access === 'write') {
      request.log.info({
        audit: {
          keyId: request.apiKeyId,
          route: `${request.method} ${route}`,
          action: config.action,
          status: reply.statusCode,
          outcome: reply.statusCode < 400 ? 'ok' : 'failed',
          replayed,
          ms: Math.round(reply.elapsedTime)
        }
      }, 'audit')
    }
  })

  fastify.get('/metrics', {
    schema: { hide: true },
    config: { scope: 'metrics:read', rateLimit: false }
  }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()))
}, { name: 'observability', fastify: '5.x' })
