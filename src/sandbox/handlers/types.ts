// What an action handler receives and returns.

import type { Params } from '../protocol/params.js'
import type { Store } from '../store/index.js'
import type { JsonObject } from '../types.js'

export interface ActionContext {
  /** The request's parameters ($_POST), credentials included. */
  params: Params
  store: Store
  /** The sandbox clock, for dates of new records. */
  now: () => Date
}

/**
 * Runs one API action. Returns the whole answer ({ result: 'success', ... })
 * or throws ActionError(message) for a business error.
 */
export type Handler = (ctx: ActionContext) => JsonObject

/** A resource group's handlers, keyed by WHMCS's action name (exact case). */
export type HandlerGroup = Readonly<Record<string, Handler>>
