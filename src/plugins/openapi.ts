// The OpenAPI 3.1 document, generated from the declared routes, and Swagger UI from local assets.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { NamedSchema } from '../route/resource.js'
import { SECURITY_SCHEME } from '../route/docs.js'
import { TAGS } from '../route/groups.js'

export interface OpenApiOptions {
  publicUrl?: string
  version: string
  /** The named schemas of every resource: the document's components. */
  schemas: readonly NamedSchema[]
}

export const API_DESCRIPTION = [
  'A resource-style REST API in front of the WHMCS admin API.',
  '',
  'Lists take `limit` (1-250, default 25) and `offset` and answer `{ data, meta: { total, offset, limit } }`',
  'with an RFC 8288 `Link` header. Every error is an RFC 9457 `application/problem+json` document with a',
  'stable `code`. Money is always a decimal string, dates are ISO 8601, ids are integers.'
].join('\n')

/**
 * Where the API is. Without PUBLIC_URL the one server is relative ("/"): the deployment that
 * serves the document, so Swagger UI and the committed document work unchanged on
 * http://127.0.0.1:3000 in development and behind TLS in staging or production. `x-internal`:
 * the API fronts WHMCS admin credentials and is meant for the operator's own services.
 */
export function servers (publicUrl?: string): Array<{ url: string, description: string, 'x-internal': boolean }> {
  return publicUrl !== undefined
    ? [{ url: publicUrl, description: 'This deployment, at its public address (PUBLIC_URL)', 'x-internal': true }]
    : [{ url: '/', description: 'The deployment serving this document (a relative URL, so the same document serves local development, staging and production)', 'x-internal': true }]
}

export default fp<OpenApiOptions>(async (fastify, opts) => {
  for (const schema of opts.schemas) fastify.addSchema(schema)

  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'whmcs-rest', version: opts.version, description: API_DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
      servers: servers(opts.publicUrl),
      tags: [...TAGS],
      components: {
        securitySchemes: {
          [SECURITY_SCHEME]: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key: `Authorization: Bearer <key>`. Each operation names the scope it needs (`clients:read`, `clients:write`, ...); `*` and `*:read` grant all and all reads.'
          }
        }
      },
      security: [{ [SECURITY_SCHEME]: [] }]
    },
    refResolver: {
      // Shared schemas keep their $id as their component name (Client, not def-0).
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`)
    }
  })
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    // validatorUrl null: the page never calls swagger.io; everything comes from this service.
    uiConfig: { deepLinking: true, tryItOutEnabled: true, displayOperationId: true, validatorUrl: null },
    staticCSP: true,
    // Swagger UI sets inline styles; and "Try it out" must keep plain-http hosts plain http
    // (upgrade-insecure-requests would send it to https on a LAN address without TLS).
    transformStaticCSP: (header) => header
      .replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'")
      .replace(' validator.swagger.io', '')
      .replace(' upgrade-insecure-requests;', '')
  })

  const hidden = { schema: { hide: true }, config: { public: true, rateLimit: false } }
  fastify.get('/openapi.json', hidden, async () => fastify.swagger())
  fastify.get('/openapi.yaml', hidden, async (_request, reply) => reply.type('application/yaml').send(fastify.swagger({ yaml: true })))
}, { name: 'openapi', fastify: '5.x' })
