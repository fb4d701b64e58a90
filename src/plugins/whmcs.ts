// Owns the one WHMCS client (and so the one undici Pool and the one upstream governor) for the
// application's lifetime.
import fp from 'fastify-plugin'
import { WhmcsClient, type WhmcsCallEvent } from '../whmcs/client.js'
import type { GovernorConfig, WhmcsConfig } from '../config.js'
import type { StateStore } from '../state/store.js'
import type { FailureCode } from '../problems/catalogue.js'

declare module 'fastify' {
  interface FastifyInstance {
    whmcs: WhmcsClient
  }
  interface FastifyContextConfig {
    /** The WHMCS action group of a declared route (its OpenAPI tag). */
    group?: string
    /** Whether a declared route reads or writes. */
    access?: 'read' | 'write'
    /** The WHMCS action a declared route calls. */
    action?: string
    /** The problem code of the module's or registrar's failures, on a route that runs one. */
    failure?: FailureCode
  }
}

export interface WhmcsPluginOptions {
  whmcs: WhmcsConfig
  /** The upstream governor; default: the configuration defaults. */
  governor?: GovernorConfig
  /** Default deadline of a WHMCS call (AppSettings.requestDeadlineMs); default: the configuration default. */
  deadlineMs?: number
  /** Called once per settled WHMCS call, for metrics. */
  onCall?: (event: WhmcsCallEvent) => void
  /** The cache's store and, when shared, the global cap's leases; default: the client's own memory. */
  state?: StateStore
  /** Lifetime of a global concurrency lease without renewal. */
  leaseMs?: number
  /** The clock of the breaker's cooldown and the retry budget (epoch ms); default the real one. */
  now?: () => number
}

export default fp<WhmcsPluginOptions>(async (fastify, opts) => {
  const client = new WhmcsClient({
    url: opts.whmcs.url,
    identifier: opts.whmcs.identifier,
    secret: opts.whmcs.secret,
    accessKey: opts.whmcs.accessKey,
    responseType: opts.whmcs.responseType,
    timeoutMs: opts.whmcs.timeoutMs,
    connections: opts.whmcs.maxConnections,
    // The client fills in the configuration defaults for what is left out.
    governor: opts.governor,
    deadlineMs: opts.deadlineMs,
    onCall: opts.onCall,
    state: opts.state,
    leaseMs: opts.leaseMs,
    now: opts.now,
    logger: fastify.log
  })
  fastify.decorate('whmcs', client)
  fastify.addHook('onClose', async () => { await client.close() })
}, { name: 'whmcs', fastify: '5.x' })
