// The one declarative route pattern. A resource route is data: method, URL, docs, the WHMCS
// action it calls, its access level, TypeBox schemas, and two mappings (request -> action
// parameters, raw answer -> resource). register.ts turns declarations into Fastify routes.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static, type TObject, type TSchema } from 'typebox'
import type { ActionName, ActionParams, ActionResult, Loose } from '../whmcs/actions.js'
import { DEFAULT_PAGE_SIZE, PageQuery } from '../schemas/common.js'
import type { FailureCode } from '../problems/catalogue.js'
import type { Group } from './groups.js'

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
  /** The full path, Fastify style (`/clients/:id`): `grep` finds a route by its path. */
  url: string
  operationId: string
  summary: string
  description: string
  /** The WHMCS action group, used as the OpenAPI tag (and, with `access`, for scopes). */
  group: Group
  /** What the route does to WHMCS's data, for its scope; default: `read` for GET, `write` otherwise. */
  access?: Access
  action: A
  params?: TP
  query?: TQ
  body?: TB
  /**
   * Whether a POST must carry an Idempotency-Key (money and order routes); every other POST
   * accepts one, except those whose answer is a one-time secret ('none'): the service does not
   * keep secrets to replay them. Other methods are idempotent by nature and ignore it.
   */
  idempotencyKey?: 'required' | 'none'
  /**
   * A reference read that rarely changes (currencies, TLD prices, the WHMCS version): answered
   * from the governor's cache for CACHE_TTL_MS, identical calls sharing one upstream call. GET
   * routes only. Not for records every order changes (a product's stock, a promotion's uses) or
   * live counts (a department's open tickets).
   */
  cache?: boolean
  /** The largest request body in bytes, where a route takes more than the service-wide 1 MiB (uploads). */
  bodyLimit?: number
  /**
   * A check of the validated request before WHMCS is called (an allow-list, a stricter budget);
   * it refuses by throwing an HttpProblem. It runs in the handler, after an Idempotency-Key is
   * claimed, so on a POST that takes one its refusal becomes that key's stored answer.
   */
  guard?: (input: Input<TP, TQ, TB>, request: FastifyRequest, reply: FastifyReply) => void | Promise<void>
  /**
   * The route runs a provisioning module, a domain registrar or a payment gateway: the failures
   * WHMCS reports (UPSTREAM_FAILED) are that code's problem, with the module's, registrar's or
   * gateway's text.
   */
  failure?: FailureCode
  /** Problem statuses this route answers with a meaning of its own, described for the document. */
  problems?: Readonly<Record<number, string>>
}

/**
 * Maps the validated request to the action's parameters. Where WHMCS wants a parameter in a shape
 * that depends on records the request does not name (UpdateClientProduct takes a quantity option in
 * another shape than a dropdown), it may `read` them first: WHMCS reads made before the action,
 * within the same deadline, whose failures are the route's answer.
 */
type Request<P, TP extends TSchema, TQ extends TSchema, TB extends TSchema> =
  (input: Input<TP, TQ, TB>, read: Read) => NoInfer<P> | Promise<NoInfer<P>>

/** A WHMCS read a route's `request` makes before its action. */
export type Read = <R extends ActionName>(action: R, params: ActionParams<R>) => Promise<ActionResult<R>>

/** The answer's key holding a record list (`orders`), and the key each record sits under (`order`). */
interface Records<A extends ActionName> {
  key: keyof ActionResult<A> & string
  item?: string
}

interface ItemBase<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'item'
  status: 200 | 201
  response: TR
  responseDescription: string
  request: Request<ActionParams<A>, TP, TQ, TB>
  /** For 201 answers: where the created resource lives. */
  location?: (out: Static<TR>, input: Input<TP, TQ, TB>) => string
}

/** An item route that maps WHMCS's whole answer. */
export interface MappedItemRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> extends ItemBase<A, TP, TQ, TB, TR> {
  map: (raw: NoInfer<ActionResult<A>>, input: Input<TP, TQ, TB>) => Static<TR>
}

/**
 * An item route over a list action filtered to one record (GetOrders with an id): WHMCS answers an
 * empty list, not an error, when there is no such record, so none is a 404 with `notFound`'s text.
 */
export interface PickedItemRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> extends ItemBase<A, TP, TQ, TB, TR> {
  pick: Records<A> & { notFound: (input: Input<TP, TQ, TB>) => string }
  read: (record: Loose, input: Input<TP, TQ, TB>) => Static<TR>
}

export type ItemRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema, TR extends TSchema> =
  MappedItemRoute<A, TP, TQ, TB, TR> | PickedItemRoute<A, TP, TQ, TB, TR>

export interface EmptyRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TB extends TSchema> extends Common<A, TP, TQ, TB> {
  kind: 'empty'
  responseDescription: string
  request: Request<ActionParams<A>, TP, TQ, TB>
}

export type Page = { limit: number, offset: number }
type ListStatic<TR extends TSchema> = Static<TR> extends { data: infer D } ? D : never
type ListItem<TR extends TSchema> = ListStatic<TR> extends Array<infer I> ? I : never

interface ListBase<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> extends Common<A, TP, TQ, EmptyObject> {
  kind: 'list'
  /** A `listOf()` component: `{ data, meta }`. */
  response: TR
  responseDescription: string
}

/**
 * A list of the records under `rows.key`. `paging: 'whmcs'`: WHMCS pages (the route sends
 * limitstart and limitnum from `offset` and `limit`, and reads totalresults); `'local'`: WHMCS
 * answers the whole list, and the page is cut here. Only the page's records are `read`.
 */
export interface RowsListRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> extends ListBase<A, TP, TQ, TR> {
  rows: Records<A> & { paging: 'whmcs' | 'local' }
  /** The action's parameters apart from paging, which the route adds. */
  request: Request<ActionParams<A>, TP, TQ, EmptyObject>
  read: (record: Loose, input: Input<TP, TQ, EmptyObject>) => ListItem<TR>
}

/** A list whose records are not one key's list (TLD pricing): `map` answers the page and the total. */
export interface MappedListRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> extends ListBase<A, TP, TQ, TR> {
  request: Request<ActionParams<A>, TP, TQ, EmptyObject>
  map: (raw: ActionResult<A>, input: Input<TP, TQ, EmptyObject>) => { data: ListStatic<TR>, total: number }
}

export type ListRoute<A extends ActionName, TP extends TSchema, TQ extends TSchema, TR extends TSchema> =
  RowsListRoute<A, TP, TQ, TR> | MappedListRoute<A, TP, TQ, TR>

export type AnyRoute = ItemRoute<any, any, any, any, any> | EmptyRoute<any, any, any, any> | ListRoute<any, any, any, any>

type Def<R> = R extends unknown ? Omit<R, 'kind'> : never

export function itemRoute<A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject> (def: Def<PickedItemRoute<A, TP, TQ, TB, TR>>): AnyRoute
export function itemRoute<A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject> (def: Def<MappedItemRoute<A, TP, TQ, TB, TR>>): AnyRoute
export function itemRoute (def: object): AnyRoute {
  return { ...def, kind: 'item' } as unknown as AnyRoute
}

export const emptyRoute = <A extends ActionName, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject, TB extends TSchema = EmptyObject>(
  def: Omit<EmptyRoute<A, TP, TQ, TB>, 'kind'>): AnyRoute => ({ ...def, kind: 'empty' })

export function listRoute<A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject> (def: Def<RowsListRoute<A, TP, TQ, TR>>): AnyRoute
export function listRoute<A extends ActionName, TR extends TSchema, TP extends TSchema = EmptyObject, TQ extends TSchema = EmptyObject> (def: Def<MappedListRoute<A, TP, TQ, TR>>): AnyRoute
export function listRoute (def: object): AnyRoute {
  return { ...def, kind: 'list' } as unknown as AnyRoute
}

/** Query properties every list takes: `limit` and `offset`. */
export const listQuery = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ ...PageQuery, ...props }, { additionalProperties: false })

/**
 * One page of a list WHMCS answers whole (currencies, permissions, products, promotions take no
 * limitstart and limitnum): the page the validated `limit` and `offset` ask for, and the total.
 */
export function pageOf<T> (all: readonly T[], query: { limit?: number, offset?: number }): { data: T[], total: number } {
  const offset = query.offset ?? 0
  return { data: all.slice(offset, offset + (query.limit ?? DEFAULT_PAGE_SIZE)), total: all.length }
}

/** A route's access: declared, or `read` for GET and `write` for the other methods. */
export const accessOf = (def: { method: Method, access?: Access }): Access => def.access ?? (def.method === 'GET' ? 'read' : 'write')

/** The sort direction a list takes as `order`. */
export const SortOrder = (description = 'Sort direction') =>
  Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', default: 'asc', description }))

/**
 * The sort query of a list WHMCS sorts: `orderBy` (one of the API's sort keys, the first by
 * default) and `order`. `columns` maps each API key to the WHMCS column it orders by; read the
 * column with `sortColumn`.
 */
export const sortQuery = <K extends string>(columns: Readonly<Record<K, string>>) => ({
  orderBy: Type.Optional(Type.Enum(Object.keys(columns) as K[], { type: 'string', default: Object.keys(columns)[0], description: 'Field to sort by' })),
  order: SortOrder()
})

/** The WHMCS column of a list's `orderBy` (its first key when absent). */
export const sortColumn = <C extends Readonly<Record<string, string>>>(columns: C, orderBy: keyof C | undefined): C[keyof C] =>
  columns[orderBy ?? (Object.keys(columns)[0] as keyof C)]
