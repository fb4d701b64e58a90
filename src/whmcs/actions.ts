// The typed action map: for each WHMCS action the facade calls, the parameters it may be sent and
// the raw answer it comes back with. Raw answers are typed loosely on purpose (`Loose`): WHMCS
// sends the same field as a number or a string, a list as an array, a lone object or "",
// and routes read them only through the coercers in normalize.ts.
import type { FormValue } from './encode.js'

/** A value as WHMCS may send it: read it through a coercer, never directly. */
export type Loose = unknown
/** WHMCS's boolean inputs: sent as 1/0. */
export type Flag = boolean
/** WHMCS's integer inputs. */
export type Int = number

export interface Paged {
  totalresults?: Loose
  startnumber?: Loose
  numreturned?: Loose
}

/**
 * The actions the facade calls, each with the parameters it may be sent and its raw answer. Empty
 * here: every resource declares its own actions in its `schemas.ts` (declaration merging into this
 * interface), so an action is typed where its route is.
 */

export interface WhmcsActions {}

export type ActionName = keyof WhmcsActions
export type ActionParams<A extends ActionName> = WhmcsActions[A]['params']
export type ActionResult<A extends ActionName> = WhmcsActions[A]['result'] & { result?: Loose }

// Compile-time check that every parameter type can be form-encoded.
type Encodable<T> = T extends Record<string, FormValue> ? true : false
export type AllEncodable = { [A in ActionName]: Encodable<ActionParams<A>> }
