// Clients (tblclients), their custom field definitions and client groups.

import { collationKey, compareCollated, sameEmail } from '../protocol/text.js'
import { Table } from './table.js'

export type ClientStatus = 'Active' | 'Inactive' | 'Closed'
export const CLIENT_STATUSES: readonly ClientStatus[] = ['Active', 'Inactive', 'Closed']

export const EMAIL_PREFERENCE_KEYS = ['general', 'invoice', 'support', 'product', 'domain', 'affiliate'] as const
export type EmailPreferenceKey = typeof EMAIL_PREFERENCE_KEYS[number]
export type EmailPreferences = Record<EmailPreferenceKey, boolean>

export interface LoginRecord {
  /** 'YYYY-MM-DD HH:MM:SS' */
  at: string
  ip: string
  host: string
}

export interface ClientRecord {
  id: number
  uuid: string
  firstname: string
  lastname: string
  companyname: string
  email: string
  address1: string
  address2: string
  city: string
  state: string
  postcode: string
  /** Two-letter country code. */
  country: string
  phonenumber: string
  taxId: string
  emailPreferences: EmailPreferences
  notes: string
  /** Currency id (1 USD, 2 EUR, 3 GBP). */
  currency: number
  /** Default payment gateway module ('' = none). */
  defaultGateway: string
  groupId: number
  status: ClientStatus
  /** Credit balance in cents. */
  creditCents: number
  taxExempt: boolean
  lateFeeOverride: boolean
  overrideDueNotices: boolean
  separateInvoices: boolean
  disableAutoCc: boolean
  emailOptOut: boolean
  marketingOptIn: boolean
  overrideAutoClose: boolean
  allowSingleSignOn: boolean
  emailVerified: boolean
  language: string
  /** 'YYYY-MM-DD' */
  dateCreated: string
  lastLogin: LoginRecord | null
  /** Custom field id → value. */
  customFields: Record<string, string>
  billingContactId: number
}

export interface CustomFieldDefinition {
  id: number
  name: string
  type: 'text' | 'dropdown' | 'tickbox'
  options?: string[]
  required: boolean
}

/** The client custom fields configured in the sandbox install. None is required. */
export const CLIENT_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  { id: 1, name: 'How did you hear about us?', type: 'dropdown', options: ['Search engine', 'Friend', 'Advert', 'Other'], required: false },
  { id: 2, name: 'Customer reference', type: 'text', required: false }
]

export interface ClientGroupRecord {
  id: number
  name: string
  colour: string
  discountPercent: string
  /** The group's services are left out of automatic suspension and termination. */
  suspTermExempt: boolean
  /** Each of the group's services is invoiced on its own. */
  separateInvoices: boolean
}

export const CLIENT_GROUPS: readonly ClientGroupRecord[] = [
  { id: 1, name: 'VIP', colour: '#f5d76e', discountPercent: '10.00', suspTermExempt: true, separateInvoices: false },
  { id: 2, name: 'Resellers', colour: '#8fd3fe', discountPercent: '15.00', suspTermExempt: false, separateInvoices: true },
  { id: 3, name: 'Non-profit', colour: '#b4e7a0', discountPercent: '20.00', suspTermExempt: false, separateInvoices: false }
]

export type ClientOrderBy = 'id' | 'firstname' | 'lastname' | 'companyname' | 'email' | 'groupid' | 'datecreated' | 'status'
export const CLIENT_ORDER_BY: readonly ClientOrderBy[] = ['id', 'firstname', 'lastname', 'companyname', 'email', 'groupid', 'datecreated', 'status']

export interface ClientQuery {
  status?: ClientStatus
  /** Prefix of email, firstname, lastname, "firstname lastname" or companyname. */
  search?: string
  orderBy: ClientOrderBy
  descending: boolean
}

function sortValue (client: ClientRecord, orderBy: ClientOrderBy): string | number {
  switch (orderBy) {
    case 'id': return client.id
    case 'groupid': return client.groupId
    case 'datecreated': return client.dateCreated
    case 'firstname': return client.firstname
    case 'lastname': return client.lastname
    case 'companyname': return client.companyname
    case 'email': return client.email
    case 'status': return client.status
  }
}

export class ClientsTable extends Table<ClientRecord> {
  findByEmail (email: string): ClientRecord | undefined {
    return this.find(client => sameEmail(client.email, email))
  }

  /** Filter and sort like GetClients; ties are broken by id ascending. */
  query (q: ClientQuery): ClientRecord[] {
    const prefix = q.search === undefined || q.search === '' ? undefined : collationKey(q.search)
    const matches = this.filter(client => {
      if (q.status !== undefined && client.status !== q.status) return false
      if (prefix === undefined) return true
      return [client.email, client.firstname, client.lastname, `${client.firstname} ${client.lastname}`, client.companyname]
        .some(field => collationKey(field).startsWith(prefix))
    })
    const direction = q.descending ? -1 : 1
    return matches.sort((a, b) => {
      const va = sortValue(a, q.orderBy)
      const vb = sortValue(b, q.orderBy)
      const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : compareCollated(String(va), String(vb))
      return order !== 0 ? order * direction : a.id - b.id
    })
  }
}
