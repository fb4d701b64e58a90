// The one declarative route pattern. A resource route is data: method, URL, docs, the WHMCS
// action it calls, its access level, TypeBox schemas, and two mappings (request -> action
// parameters, raw answer -> resource). `registerRoutes` turns declarations into Fastify routes
// with the OpenAPI metadata, the list conventions and every problem status they can answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static, type TObject, type TSchema } from 'typebox'
import type { ActionName, ActionParams, ActionResult } from './whmcs/actions.js'
import { PageQuery, Problem, ref } from './schemas/common.js'

export type Access = 'read' | 'write'
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

type EmptyObject = TObject<{}>

export interface Input<TP extends TSchema, TQ extends TSchema, TB extends TSchema> {
  params: Static<TP>
  query: Static<TQ>
  body: Static<TB>
}

interface Common<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema> {
  method: Method
  /** Path relative to the resource prefix, Fastify style (`/:id`). */
  url: string
  operationId: string
  summary: string
  description: string
  /** The WHMCS action group, used as the OpenAPI tag (and, with `access`, for scopes). */
  group: string
  access: Access
  action: A
  params?: TP
  query?: TQ
  body?: TB
  /** Maps the validated request to the action's parameters. */
  request: (input: Input<TP, TQ, TB>) => NoInfer<ActionParams<A>>
}

export interface ItemRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'item'
  status: 200 | 201
  response: TR
  responseDescription: string
  map: (raw: NoInfer<ActionResult<A>>, input: Input<TP, TQ, TB>) => Static<TR>
  /** For 201 answers: where the created resource lives. */
  location?: (out: Static<TR>, input: Input<TP, TQ, TB>) => string
}

export interface EmptyRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'empty'
  responseDescription: string
}

type Page = { limit: number, offset: number }
type ListStatic<TR extends TSchema> = Static<TR> extends { data: infer D } ? D : never

export interface ListRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, EmptyObject> {
  kind: 'list'
  /** A `listOf()` component: `{ data, meta }`. */
  response: TR
  responseDescription: string
  map: (raw: ActionResult<A>, input: Input<TP, TQ, EmptyObject>) => { data: ListStatic<TR>, total: number }
}

export type AnyRoute = ItemRoute<any, any, any, any, any> | EmptyRoute<any, any, any, any> | ListRoute<any, any, any, any>

export const itemRoute = <A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject>(
  def: Omit<ItemRoute<A, TP, TQ, TB, TR>, 'kind'>): AnyRoute => ({ ...def, kind: 'item' }) as unknown as AnyRoute

export const emptyRoute = <A extends ActionName, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject>(
  def: Omit<EmptyRoute<A, TP, TQ, TB>, 'kind'>): AnyRoute => ({ ...def, kind: 'empty' })

export const listRoute = <A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject>(
  def: Omit<ListRoute<A, TP, TQ, TR>, 'kind'>): AnyRoute => ({ ...def, kind: 'list' }) as unknown as AnyRoute

/** Query properties every list takes: `limit` and `offset`. */
export const listQuery = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ ...PageQuery, ...props }, { additionalProperties: false })

const PROBLEM_DESCRIPTIONS: Array<[number, string]> = [
  [400, 'The request does not match the schema (see `errors`)'],
  [404, 'The resource, or a record it refers to, does not exist'],
  [409, 'The resource is in a state that does not allow this'],
  [422, 'WHMCS rejected the input; `detail` has its message'],
  [501, 'The WHMCS installation does not offer this action'],
  [502, 'WHMCS refused the service\'s credentials, failed, or gave an unusable answer'],
  [503, 'WHMCS is unreachable'],
  [504, 'WHMCS did not answer in time']
]

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref(Problem) } }
})

function responses (def: AnyRoute): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (def.kind === 'empty') {
    out[204] = { type: 'null', description: def.responseDescription }
  } else {
    const status = def.kind === 'item' ? def.status : 200
    const entry: Record<string, unknown> = {
      description: def.responseDescription,
      content: { 'application/json': { schema: def.response } }
    }
    if (def.kind === 'item' && def.location !== undefined) {
      entry.headers = { Location: { type: 'string', description: 'URL of the created resource' } }
    }
    if (def.kind === 'list') {
      entry.headers = { Link: { type: 'string', description: 'RFC 8288 links to the next and previous pages' } }
    }
    out[status] = entry
  }
  const statuses = def.body === undefined ? PROBLEM_DESCRIPTIONS : [...PROBLEM_DESCRIPTIONS, [413, 'The request body is too large'] as [number, string], [415, 'The request body is not JSON'] as [number, string]]
  for (const [status, description] of statuses) out[status] = problemResponse(description)
  return out
}

/** Builds the RFC 8288 Link header for a page, keeping the caller's other query parameters. */
function linkHeader (request: FastifyRequest, page: Page, total: number): string | undefined {
  const base = request.url.split('?')[0]
  const query = new URLSearchParams(request.url.split('?')[1] ?? '')
  const link = (offset: number, rel: string): string => {
    query.set('offset', String(offset))
    query.set('limit', String(page.limit))
    return `<${base}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page.offset + page.limit < total) links.push(link(page.offset + page.limit, 'next'))
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'))
  return links.length > 0 ? links.join(', ') : undefined
}

/** Registers declared routes on a Fastify instance (usually inside the resource's prefix). */
export function registerRoutes (fastify: FastifyInstance, routes: readonly AnyRoute[]): void {
  for (const def of routes) {
    const schema: Record<string, unknown> = {
      operationId: def.operationId,
      summary: def.summary,
      description: def.description,
      tags: [def.group],
      response: responses(def)
    }
    if (def.params !== undefined) schema.params = def.params
    if (def.query !== undefined) schema.querystring = def.query
    if (def.body !== undefined) schema.body = def.body

    fastify.route({
      method: def.method,
      url: def.url,
      schema: { ...schema, 'x-whmcs-action': def.action } as Record<string, unknown>,
      config: { group: def.group, access: def.access, action: def.action },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const input = { params: request.params ?? {}, query: request.query ?? {}, body: request.body ?? {} }
        const params = def.request(input)
        const raw = await fastify.whmcs.call(def.action, params, { idempotent: def.access === 'read' })
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
