// Callers authenticate with `Authorization: Bearer <key>`. A declared route needs the scope
// `<group>:<access>` (clients:read, billing:write...); routes marked public (health, readiness,
// docs, the OpenAPI document) need nothing. Everything else, unknown URLs included, needs a key.
// The key is checked in onRequest, but a refusal (401, 403) is only thrown in preParsing: the
// rate limit (route-level onRequest, so it runs in between) first counts the refused request
// against its address, so refusals are limited too and carry the RateLimit headers.
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { allowedFrom, allows, scopeOf, type ApiKey, type KeyRing } from '../auth/keys.js'
import { HttpProblem } from '../problems/catalogue.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's key, or null when auth is disabled or the route is public. */
    apiKey: ApiKey | null
    /** The caller's key id, or null: what idempotency records, limits and audit lines key on. */
    apiKeyId: string | null
    /** Why the request is refused (401 or 403), or null; thrown once the rate limit has counted it. */
    authRefusal: HttpProblem | null
  }
  interface FastifyContextConfig {
    /** Reachable without a key. */
    public?: boolean
    /** The scope a route outside the action groups needs (e.g. metrics:read). */
    scope?: string
  }
}

export interface AuthOptions {
  /** null: authentication is disabled (AUTH_DISABLED=true). */
  keys: KeyRing | null
}

/** The scope a request's route needs, or null when it is public. */
export function requiredScope (request: FastifyRequest): string | null {
  const config = request.routeOptions.config
  if (config.public === true || request.url.startsWith('/docs')) return null
  if (config.scope !== undefined) return config.scope
  if (config.group !== undefined && config.access !== undefined) return scopeOf(config.group, config.access)
  return '' // any valid key (unknown URLs)
}

const CHALLENGE = 'Bearer realm="whmcs-rest"'

/** Identifies the caller; answers the refusal, if any, without throwing it. */
function check (keys: KeyRing, request: FastifyRequest, reply: FastifyReply): HttpProblem | null {
  const scope = requiredScope(request)
  if (scope === null) return null
  const header = request.headers.authorization
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (match === null) {
    reply.header('www-authenticate', CHALLENGE)
    return new HttpProblem('UNAUTHORIZED', 'Send an API key as `Authorization: Bearer <key>`.')
  }
  const key = keys.find(match[1])
  if (key === null || key.revoked) {
    reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`)
    return new HttpProblem('UNAUTHORIZED', 'The API key is not valid.')
  }
  request.apiKey = key
  request.apiKeyId = key.id
  if (!allowedFrom(key, request.ip)) {
    return new HttpProblem('FORBIDDEN', 'This API key may not be used from this address.')
  }
  if (scope !== '' && !allows(key, scope)) {
    reply.header('www-authenticate', `${CHALLENGE}, error="insufficient_scope", scope="${scope}"`)
    return new HttpProblem('FORBIDDEN', `This operation needs the scope ${scope}.`)
  }
  return null
}

export default fp<AuthOptions>(async (fastify, opts) => {
  fastify.decorateRequest('apiKey', null)
  fastify.decorateRequest('apiKeyId', null)
  fastify.decorateRequest('authRefusal', null)
  const keys = opts.keys
  if (keys === null) return

  fastify.addHook('onRequest', async (request, reply) => {
    request.authRefusal = check(keys, request, reply)
  })
  // Before the body is read: a refused request never has its body parsed.
  fastify.addHook('preParsing', async (request) => {
    if (request.authRefusal !== null) throw request.authRefusal
  })
}, { name: 'auth', fastify: '5.x' })
