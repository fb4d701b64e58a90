// Callers authenticate with `Authorization: Bearer <key>`. A declared route needs the scope
// `<group>:<access>` (clients:read, billing:write...); routes marked public (health, readiness,
// docs, the OpenAPI document) need nothing. Everything else, unknown URLs included, needs a key.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { allowedFrom, allows, scopeOf, type ApiKey, type KeyRing } from '../auth/keys.js'
import { HttpProblem } from '../problems.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's key, or null when auth is disabled or the route is public. */
    apiKey: ApiKey | null
    /** The caller's key id, or null: what idempotency records, limits and audit lines key on. */
    apiKeyId: string | null
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

export default fp<AuthOptions>(async (fastify, opts) => {
  fastify.decorateRequest('apiKey', null)
  fastify.decorateRequest('apiKeyId', null)
  const keys = opts.keys
  if (keys === null) return

  fastify.addHook('onRequest', async (request, reply) => {
    const scope = requiredScope(request)
    if (scope === null) return
    const header = request.headers.authorization
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
    if (match === null) {
      reply.header('www-authenticate', CHALLENGE)
      throw new HttpProblem('UNAUTHORIZED', 'Send an API key as `Authorization: Bearer <key>`.')
    }
    const key = keys.find(match[1])
    if (key === null || key.revoked) {
      reply.header('www-authenticate', `${CHALLENGE}, error="invalid_token"`)
      throw new HttpProblem('UNAUTHORIZED', 'The API key is not valid.')
    }
    request.apiKey = key
    request.apiKeyId = key.id
    if (!allowedFrom(key, request.ip)) {
      throw new HttpProblem('FORBIDDEN', 'This API key may not be used from this address.')
    }
    if (scope !== '' && !allows(key, scope)) {
      reply.header('www-authenticate', `${CHALLENGE}, error="insufficient_scope", scope="${scope}"`)
      throw new HttpProblem('FORBIDDEN', `This operation needs the scope ${scope}.`)
    }
  })
}, { name: 'auth', fastify: '5.x' })
