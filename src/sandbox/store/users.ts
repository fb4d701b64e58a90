// Users (WHMCS 8's login accounts, tblusers) and client invites.
// A user can be linked to several clients; exactly one user owns each client.

import { createHash, timingSafeEqual } from 'node:crypto'
import { sameEmail } from '../protocol/text.js'
import { Table } from './table.js'

/** The permission names a non-owner user can hold on a client. */
export const USER_PERMISSIONS: readonly string[] = [
  'profile', 'contacts', 'products', 'manageproducts', 'productsso', 'domains',
  'managedomains', 'invoices', 'quotes', 'tickets', 'affiliates', 'emails', 'orders'
]

/** A comma-separated permission list as WHMCS reads it: unknown names and repeats are dropped. */
export function parsePermissions (text: string): string[] {
  return text.split(',')
    .map(p => p.trim().toLowerCase())
    .filter((p, i, all) => USER_PERMISSIONS.includes(p) && all.indexOf(p) === i)
}

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
  /** passwordHash() of the user's password; '' when none is set. */
  passwordHash: string
  /** Whether logging in also asks for a second factor. */
  twoFactorEnabled: boolean
  clients: UserClientLink[]
}

/** What the sandbox keeps of a password (WHMCS keeps a bcrypt hash; any one-way hash will do here). */
export function passwordHash (password: string): string {
  return password === '' ? '' : createHash('sha256').update(`whmcs-sandbox-user:${password}`).digest('hex')
}

/** Whether a password is the user's, compared in constant time. */
export function passwordMatches (user: UserRecord, password: string): boolean {
  if (user.passwordHash === '' || password === '') return false
  return timingSafeEqual(Buffer.from(user.passwordHash, 'hex'), Buffer.from(passwordHash(password), 'hex'))
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

  /** Users matching a search at the start of the email, first name, last name or full name, by id. */
  search (term: string | undefined, descending: boolean): UserRecord[] {
    const needle = (term ?? '').trim().toLowerCase()
    const found = this.filter(user => needle === '' || [user.email, user.firstname, user.lastname, `${user.firstname} ${user.lastname}`]
      .some(text => text.toLowerCase().startsWith(needle)))
    return descending ? found.reverse() : found
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
