// The application as a plugin: it never listens. The server (or a test) registers it on a Fastify
// instance with a validated config; plugins load in passes: third-party, our services, routes.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WhmcsConfig } from './config.js'
import openapi from './plugins/openapi.js'
import problems from './plugins/problems.js'
import whmcs from './plugins/whmcs.js'
import clients from '../routes/clients/index.js'
import operations from '../routes/operations.js'

export interface AppOptions {
  whmcs: WhmcsConfig
  publicUrl?: string
  version: string
}

async function app (fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  // The API speaks JSON only; any other body is answered 415 rather than half-parsed.
  fastify.removeContentTypeParser(['text/plain'])
  await fastify.register(problems)
  await fastify.register(openapi, { publicUrl: opts.publicUrl, version: opts.version })
  await fastify.register(whmcs, { whmcs: opts.whmcs })

  await fastify.register(operations)
  await fastify.register(clients, { prefix: '/clients' })
}

export default fp(app, { name: 'whmcs-rest', fastify: '5.x' })

/** Fastify options every instance of the app needs (tests use them too). */
export const fastifyOptions = {
  ajv: {
    customOptions: {
      // Reject unknown properties instead of silently dropping them.
      removeAdditional: false,
      coerceTypes: 'array' as const,
      useDefaults: true,
      allErrors: true
    }
  },
  routerOptions: { ignoreTrailingSlash: true },
  bodyLimit: 1024 * 1024,
  requestIdHeader: 'x-request-id',
  return503OnClosing: true
}

export type App = FastifyInstance
