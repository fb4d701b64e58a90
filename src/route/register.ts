// Turns route declarations (define.ts) into Fastify routes: the schema with its OpenAPI metadata
// (docs.ts), the scope, the Idempotency-Key header, and the handler that calls WHMCS and maps
// the answer, with the list conventions (Link header, meta).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { scopeOf } from '../auth/keys.js'
import { accessOf, type AnyRoute, type Page, type PickedItemRoute, type Read, type RowsListRoute } from './define.js'
import { idempotencyHeaders } from '../idempotency/key.js'
import { responses, SECURITY_SCHEME } from './docs.js'
import { linkHeader } from './links.js'
import { HttpProblem } from '../problems/catalogue.js'
import { toCount, toList } from '../whmcs/normalize.js'

type Input = { params: unknown, query: unknown, body: object }

/** A page of a rows list: WHMCS's page with its totalresults, or the page cut from the whole list. */
function rowsOf (def: RowsListRoute<any, any, any, any>, raw: Record<string, unknown>, input: Input, page: Page): { data: unknown[], total: number } {
  const records = toList(raw[def.rows.key], def.rows.item)
  if (def.rows.paging === 'whmcs') return { data: records.map((r) => def.read(r, input)), total: toCount(raw.totalresults, records.length) }
  return { data: records.slice(page.offset, page.offset + page.limit).map((r) => def.read(r, input)), total: records.length }
}

/** The one record of a picked item route, or 404. */
function picked (def: PickedItemRoute<any, any, any, any, any>, raw: Record<string, unknown>, input: Input): unknown {
  const [record] = toList(raw[def.pick.key], def.pick.item)
  if (record === undefined) throw new HttpProblem('NOT_FOUND', def.pick.notFound(input))
  return def.read(record, input)
}

/** Registers declared routes (full paths) on a Fastify instance. */
export function registerRoutes (fastify: FastifyInstance, routes: readonly AnyRoute[]): void {
  for (const def of routes) {
    const access = accessOf(def)
    if (def.cache === true && def.method !== 'GET') throw new Error(`${def.operationId}: only a GET route may be cached`)
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
        const page = input.query as Page
        let params = await def.request(input, read)
        if (def.kind === 'list' && 'rows' in def && def.rows.paging === 'whmcs') params = { limitstart: page.offset, limitnum: page.limit, ...params }
        const raw = await fastify.whmcs.call(def.action, params, { idempotent: access === 'read', deadlineAt, cache: def.cache === true }) as Record<string, unknown>
        if (def.kind === 'empty') return reply.code(204).send()
        if (def.kind === 'list') {
          const { data, total } = 'rows' in def ? rowsOf(def, raw, input, page) : def.map(raw, input)
          const link = linkHeader(request, page, total)
          if (link !== undefined) reply.header('link', link)
          return { data, meta: { total, offset: page.offset, limit: page.limit } }
        }
        const out = 'pick' in def ? picked(def, raw, input) : def.map(raw, input)
        if (def.location !== undefined) reply.header('location', def.location(out, input))
        return reply.code(def.status).send(out)
      }
    })
  }
}
