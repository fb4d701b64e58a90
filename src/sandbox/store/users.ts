// Users (WHMCS 8's login accounts, tblusers) and client invites.
// A user can be linked to several clients; exactly one user owns each client.

import { sameEmail } from '../text.js'
import { Table } from './table.js'

/** The permission names a non-owner user can hold on a client. */
export const USER_PERMISSIONS: readonly string[] = [
  'profile', 'contacts', 'products', 'manageproducts', 'productsso', 'domains',
  'managedomains', 'invoices', 'quotes', 'tickets', 'affiliates', 'emails', 'orders'
]

export interface UserClientLink {
  clientId: number
  owner: boolean
  /** Permission names (owners implicitly hold all of them). */
  permissions: string[]
}

export interface UserRecord {
  id: number
  firstname: string
  lastname: string
  email: string
  language: string
  /** 'YYYY-MM-DD HH:MM:SS' */
  dateCreated: string
  emailVerified: boolean
  hasPassword: boolean
  clients: UserClientLink[]
}

export interface InviteRecord {
  id: number
  clientId: number
  email: string
  permissions: string[]
  /** Deterministic token, as would be mailed to the invitee. */
  token: string
  /** 'YYYY-MM-DD HH:MM:SS' */
  createdAt: string
}

export class UsersTable extends Table<UserRecord> {
  findByEmail (email: string): UserRecord | undefined {
    return this.find(user => sameEmail(user.email, email))
  }

  /** Users linked to a client, the owner first. */
  ofClient (clientId: number): Array<{ user: UserRecord, link: UserClientLink }> {
    const linked: Array<{ user: UserRecord, link: UserClientLink }> = []
    for (const user of this.all()) {
      const link = user.clients.find(c => c.clientId === clientId)
      if (link !== undefined) linked.push({ user, link })
    }
    return linked.sort((a, b) => Number(b.link.owner) - Number(a.link.owner) || a.user.id - b.user.id)
  }

  ownerOf (clientId: number): UserRecord | undefined {
    return this.find(user => user.clients.some(c => c.clientId === clientId && c.owner))
  }

  /** Drop every link to a client; with deleteOrphans, delete users left without any client. */
  unlinkClient (clientId: number, deleteOrphans: boolean): void {
    for (const user of this.all()) {
      const before = user.clients.length
      user.clients = user.clients.filter(c => c.clientId !== clientId)
      if (deleteOrphans && before > 0 && user.clients.length === 0) this.delete(user.id)
    }
  }
}

export class InvitesTable extends Table<InviteRecord> {
  ofClient (clientId: number): InviteRecord[] {
    return this.filter(invite => invite.clientId === clientId)
  }

  deleteOfClient (clientId: number): void {
    for (const invite of this.ofClient(clientId)) this.delete(invite.id)
  }
}
