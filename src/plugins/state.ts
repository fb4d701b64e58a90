// Owns the state store (memory, or Redis when REDIS_URL is set) for the application's lifetime:
// connects it before anything else uses it, so an unreachable Redis stops the start, reports
// its health to /metrics, and closes it last.
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'
import type { StateConfig } from '../config.js'
import { MemoryStateStore } from '../state/memory.js'
import { RedisStateStore } from '../state/redis.js'
import type { StateOperation, StateStore } from '../state/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Idempotency records, rate-limit counters, cache and global WHMCS leases. */
    stateStore: StateStore
  }
}

export interface StatePluginOptions extends Partial<StateConfig> {
  /** A store made by the caller (tests share one between two apps); else one from the options. */
  store?: StateStore
}

export default fp<StatePluginOptions>(async (fastify, opts) => {
  const store = opts.store ?? (opts.redisUrl === undefined
    ? new MemoryStateStore()
    : new RedisStateStore({
      url: opts.redisUrl,
      keyPrefix: opts.keyPrefix ?? 'whmcs-rest:',
      connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
      commandTimeoutMs: opts.commandTimeoutMs ?? 1_000,
      logger: fastify.log
    }))
  try {
    await store.connect()
  } catch (err) {
    await store.close()
    throw err
  }
  if (store.shared) fastify.log.info({ backend: store.backend }, 'shared state: idempotency records, rate limits, cache and the WHMCS concurrency cap are shared with the other instances')
  fastify.decorate('stateStore', store)
  // Registered first, so closed after every plugin that uses it.
  fastify.addHook('onClose', async () => { await store.close() })

  // The observability plugin, registered later, owns the registry.
  fastify.addHook('onReady', async () => {
    if (!fastify.hasDecorator('metrics')) return
    const registers = [fastify.metrics]
    const up: Gauge = new Gauge({
      name: 'shared_state_up',
      help: 'Whether the state store answers: 1 yes, 0 no (idempotent writes refused, limits per instance)',
      labelNames: ['backend'] as const,
      registers,
      collect () { up.set({ backend: store.backend }, store.stats().healthy ? 1 : 0) }
    })
    const failures: Gauge = new Gauge({
      name: 'shared_state_failures',
      help: 'State store operations that failed, by what they were for (since start)',
      labelNames: ['operation'] as const,
      registers,
      collect () {
        for (const [operation, n] of Object.entries(store.stats().failures)) failures.set({ operation: operation as StateOperation }, n)
      }
    })
  })
}, { name: 'state', fastify: '5.x' })
