// Owns the one WHMCS client (and so the one undici Pool) for the application's lifetime.
import fp from 'fastify-plugin'
import { WhmcsClient } from '../whmcs/client.js'
import type { WhmcsConfig } from '../config.js'

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
  }
}

export default fp<{ whmcs: WhmcsConfig }>(async (fastify, opts) => {
  const client = new WhmcsClient({
    url: opts.whmcs.url,
    identifier: opts.whmcs.identifier,
    secret: opts.whmcs.secret,
    accessKey: opts.whmcs.accessKey,
    responseType: opts.whmcs.responseType,
    timeoutMs: opts.whmcs.timeoutMs,
    connections: opts.whmcs.maxConnections,
    logger: fastify.log
  })
  fastify.decorate('whmcs', client)
  fastify.addHook('onClose', async () => { await client.close() })
}, { name: 'whmcs', fastify: '5.x' })
