// The action registry. Action names are matched case-insensitively, as
// WHMCS does (localAPI('getclients') works, and so does the HTTP API).
//
// To add a resource group, write handlers/<group>.ts exporting a HandlerGroup
// and list it in GROUPS.

import { authHandlers } from './auth.js'
import { billingHandlers } from './billing/index.js'
import { catalogueHandlers } from './catalogue.js'
import { clientHandlers } from './clients.js'
import { domainHandlers } from './domains.js'
import { orderHandlers } from './orders.js'
import { affiliateHandlers } from './affiliates.js'
import { projectHandlers } from './projects.js'
import { serviceHandlers } from './services.js'
import { supportHandlers } from './support.js'
import { systemHandlers } from './system.js'
import type { Handler, HandlerGroup } from './types.js'
import { userHandlers } from './users.js'

const GROUPS: readonly HandlerGroup[] = [
  clientHandlers,
  orderHandlers,
  billingHandlers,
  catalogueHandlers,
  systemHandlers,
  authHandlers,
  userHandlers,
  supportHandlers,
  projectHandlers,
  affiliateHandlers,
  serviceHandlers,
  domainHandlers
]

export interface RegisteredAction {
  /** WHMCS's spelling of the action name. */
  name: string
  handler: Handler
}

function buildRegistry (groups: readonly HandlerGroup[]): ReadonlyMap<string, RegisteredAction> {
  const registry = new Map<string, RegisteredAction>()
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      const key = name.toLowerCase()
      if (registry.has(key)) throw new Error(`sandbox action ${name} is registered twice`)
      registry.set(key, { name, handler })
    }
  }
  return registry
}

const REGISTRY = buildRegistry(GROUPS)

/** Find an action by name, ignoring case and surrounding spaces. */
export function findAction (name: string): RegisteredAction | undefined {
  return REGISTRY.get(name.trim().toLowerCase())
}

/** Every action the sandbox implements, in WHMCS's spelling. */
export function actionNames (): string[] {
  return [...REGISTRY.values()].map(a => a.name).sort()
}

// WHMCS names its reads Get*, List* and Domain{Get,Whois}*; ValidateLogin and WhmcsDetails change
// nothing either. Every other action is a write and leaves an activity log entry.
const READ_ACTION = /^(get|list)|^domain(get|whois)|^(validatelogin|whmcsdetails)$/i

/** Whether an action only reads, so that the activity log leaves it out. */
export function isReadAction (name: string): boolean {
  return READ_ACTION.test(name.trim())
}
