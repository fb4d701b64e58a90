// The sandbox's database: one table class per resource group.
//
// To add a resource group (orders, billing, domains, support...): write
// store/<group>.ts with its record types and table class, add the table here
// (field + StoreData entry), seed it in seed.ts, and register the group's
// handlers in handlers/index.ts.

import { ClientsTable, type ClientRecord } from './clients.js'
import { InvitesTable, UsersTable, type InviteRecord, type UserRecord } from './users.js'

/** The raw rows a store is built from (the seed, or nothing). */
export interface StoreData {
  clients: ClientRecord[]
  users: UserRecord[]
  invites: InviteRecord[]
}

export function emptyData (): StoreData {
  return { clients: [], users: [], invites: [] }
}

export class Store {
  readonly clients: ClientsTable
  readonly users: UsersTable
  readonly invites: InvitesTable

  constructor (data: StoreData) {
    // Rows are cloned so a store never shares objects with its seed.
    const copy = structuredClone(data)
    this.clients = new ClientsTable(copy.clients)
    this.users = new UsersTable(copy.users)
    this.invites = new InvitesTable(copy.invites)
  }
}
