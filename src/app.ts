// The application as a plugin: it never listens. The server (or a test) registers it on a Fastify
// instance with a validated config; plugins load in passes: third-party, our services, routes.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { ApiKey, KeyRing } from './auth/keys.js'
import { RATE_LIMIT_WINDOW_MS, type AppSettings, type WhmcsConfig } from './config.js'
import { HttpProblem } from './problems/catalogue.js'
import { requestId } from './observability/request-id.js'
import { sharedSerializers, textCoercingValidators } from './route/compilers.js'
import { registerRoutes } from './route/register.js'
import { componentsOf, loadResources } from './route/resource.js'
import { COMMON_COMPONENTS } from './schemas/common.js'
import auth from './plugins/auth.js'
import idempotency from './plugins/idempotency.js'
import observability from './plugins/observability.js'
import openapi from './plugins/openapi.js'
import problems from './problems/plugin.js'
import operations from './plugins/operations.js'
import state from './plugins/state.js'
import whmcs from './plugins/whmcs.js'
import { sharedRateLimitStore } from './state/rate-limit.js'
import type { StateStore } from './state/store.js'

export interface AppOptions {
  whmcs: WhmcsConfig
  settings: AppSettings
  /** The accepted API keys; null when authentication is disabled. */
  keys: KeyRing | null
  publicUrl?: string
  version: string
  /** A state store made by the caller instead of one from settings.state (tests). */
  stateStore?: StateStore
  /** The clock (epoch ms) of the breaker's cooldown, the retry budget and the readiness window, instead of the real one (tests drive it). */
  clock?: () => number
}

async function app (fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  // The API speaks JSON only; any other body is answered 415 rather than half-parsed.
  fastify.removeContentTypeParser(['text/plain'])
  // Shared state first: with REDIS_URL, an unreachable Redis stops the start here.
  await fastify.register(state, { ...opts.settings.state, store: opts.stateStore })
  await fastify.register(problems)
  const resources = await loadResources()
  await fastify.register(openapi, { publicUrl: opts.publicUrl, version: opts.version, schemas: componentsOf(COMMON_COMPONENTS, resources) })

  // Who is calling, then how often: the limit is counted per key, and per address for requests
  // without auth or refused by it (auth throws its refusals only after this limit has run).
  // Counted in the state store (so across instances with Redis), per instance while it fails.
  await fastify.register(auth, { keys: opts.keys })
  const accepted = (request: FastifyRequest): ApiKey | null => request.authRefusal === null ? request.apiKey : null
  await fastify.register(rateLimit, {
    global: true,
    store: sharedRateLimitStore(fastify.stateStore),
    timeWindow: RATE_LIMIT_WINDOW_MS,
    max: (request) => accepted(request)?.ratePerMinute ?? opts.settings.rateLimitPerMinute,
    keyGenerator: (request) => accepted(request)?.id ?? `ip:${request.ip}`,
    allowList: (request) => request.url.startsWith('/docs'),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem('RATE_LIMITED', `At most ${context.max} requests a minute; try again in ${context.after}.`)
  })

  // Claims Idempotency-Keys in preHandler, after auth, limits and validation have had their say.
  await fastify.register(idempotency, {
    store: fastify.stateStore,
    ttlMs: opts.settings.idempotencyTtlMs,
    // A claim must outlive the longest request, or a slow write could run twice.
    inFlightTtlMs: Math.max(5 * 60_000, 2 * opts.settings.requestDeadlineMs)
  })
  await fastify.register(observability)
  await fastify.register(whmcs, {
    whmcs: opts.whmcs,
    governor: opts.settings.governor,
    deadlineMs: opts.settings.requestDeadlineMs,
    state: fastify.stateStore,
    leaseMs: opts.settings.state.leaseMs,
    now: opts.clock,
    onCall: (e) => { fastify.recordWhmcsCall(e) }
  })

  await fastify.register(operations, { now: opts.clock })
  // Every resource of routes/, in this context: each distinct schema compiles once.
  const context = { fastify, settings: opts.settings }
  for (const r of resources) registerRoutes(fastify, r.routes(context))
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
  schemaController: { compilersFactory: { buildSerializer: sharedSerializers(), buildValidator: textCoercingValidators() } },
  bodyLimit: 1024 * 1024,
  // x-request-id is read by requestId(), which refuses oversized or odd values.
  requestIdHeader: false as const,
  genReqId: requestId,
  return503OnClosing: true
}

export type App = FastifyInstance
