// Turns route declarations (define.ts) into Fastify routes: the schema with its OpenAPI metadata
// (docs.ts), the scope, the Idempotency-Key header, and the handler that calls WHMCS and maps
// the answer, with the list conventions (Link header, meta).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { scopeOf } from '../auth/keys.js'
import { accessOf, type AnyRoute, type Page, type Read } from './define.js'
import { idempotencyHeaders } from '../idempotency/key.js'
import { responses, SECURITY_SCHEME } from './docs.js'
import { linkHeader } from './links.js'

/** Registers declared routes (full paths) on a Fastify instance. */
export function registerRoutes (fastify: FastifyInstance, routes: readonly AnyRoute[]): void {
  for (const def of routes) {
    const access = accessOf(def)
    const scope = scopeOf(def.group, access)
    const idempotency = def.method === 'POST' && def.idempotencyKey !== 'none' ? (def.idempotencyKey ?? 'optional') : undefined
    const schema: Record<string, unknown> = {
      operationId: def.operationId,
      summary: def.summary,
      description: `${def.description}\n\nRequires the scope \`${scope}\`.${idempotency === 'required'
        ? ' Must carry an `Idempotency-Key`.'
        : idempotency === 'optional'
          ? ' Send an `Idempotency-Key` to make retries safe.'
          : def.idempotencyKey === 'none' ? ' Its answer holds a secret the service does not keep, so it takes no `Idempotency-Key` and is never replayed.' : ''}`,
      tags: [def.group],
      security: [{ [SECURITY_SCHEME]: [scope] }],
      response: responses(def)
    }
    if (def.params !== undefined) schema.params = def.params
    if (def.query !== undefined) schema.querystring = def.query
    if (def.body !== undefined) schema.body = def.body
    if (idempotency !== undefined) schema.headers = idempotencyHeaders(idempotency)

    fastify.route({
      method: def.method,
      url: def.url,
      schema: { ...schema, 'x-whmcs-action': def.action } as Record<string, unknown>,
      config: { group: def.group, access, action: def.action, idempotency, failure: def.failure },
      ...(def.bodyLimit !== undefined ? { bodyLimit: def.bodyLimit } : {}),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const input = { params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? {} }
        if (def.guard !== undefined) await def.guard(input, request, reply)
        // The deadline counts from the request's arrival, not from the call.
        const deadlineAt = Date.now() - reply.elapsedTime + fastify.whmcs.deadlineMs
        const read: Read = async (action, params) => await fastify.whmcs.call(action, params, { idempotent: true, deadlineAt })
        const params = await def.request(input, read)
        const raw = await fastify.whmcs.call(def.action, params, { idempotent: access === 'read', deadlineAt })
        if (def.kind === 'empty') return reply.code(204).send()
        if (def.kind === 'list') {
          const page = input.query as Page
          const { data, total } = def.map(raw, input)
          const link = linkHeader(request, page, total)
          if (link !== undefined) reply.header('link', link)
          return { data, meta: { total, offset: page.offset, limit: page.limit } }
        }
        const out = def.map(raw, input)
        if (def.location !== undefined) reply.header('location', def.location(out, input))
        return reply.code(def.status).send(out)
      }
    })
  }
}
