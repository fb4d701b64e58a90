// Client domains (tbldomains). Amounts are integer cents in the client's currency.

import { Table } from './table.js'

export type DomainStatus = 'Pending' | 'Pending Registration' | 'Pending Transfer' | 'Active' | 'Grace' |
  'Redemption' | 'Expired' | 'Cancelled' | 'Fraud' | 'Transferred Away'
export const DOMAIN_STATUSES: readonly DomainStatus[] = [
  'Pending', 'Pending Registration', 'Pending Transfer', 'Active', 'Grace', 'Redemption', 'Expired',
  'Cancelled', 'Fraud', 'Transferred Away'
]
/** The statuses in which AddOrder may renew a domain. */
export const RENEWABLE_DOMAIN_STATUSES: readonly DomainStatus[] = ['Active', 'Expired', 'Grace', 'Redemption']

export interface DomainRecord {
  id: number
  clientId: number
  orderId: number
  /** How the domain came: registered or transferred in. */
  type: 'Register' | 'Transfer'
  domain: string
  /** 'YYYY-MM-DD' or null before registration. */
  registrationDate: string | null
  expiryDate: string | null
  /** Years. */
  period: number
  registrar: string
  firstPaymentCents: number
  recurringCents: number
  nextDueDate: string | null
  nextInvoiceDate: string | null
  paymentMethod: string
  status: DomainStatus
  nameservers: string[]
  eppCode: string
  dnsManagement: boolean
  emailForwarding: boolean
  idProtection: boolean
  doNotRenew: boolean
  subscriptionId: string
  promotionId: number
  /**
   * The whois contacts the registrar holds, by role; a role left out is the client's own
   * details (what WHMCS sends a registrar by default).
   */
  contacts?: Partial<Record<WhoisRole, WhoisContact>>
  /** The tag a released (.uk) domain was pushed to. */
  releasedTo?: string
}

export const WHOIS_ROLES = ['Registrant', 'Admin', 'Tech', 'Billing'] as const
export type WhoisRole = typeof WHOIS_ROLES[number]

export interface WhoisContact {
  firstName: string
  lastName: string
  companyName: string
  email: string
  address1: string
  address2: string
  city: string
  state: string
  postcode: string
  country: string
  /** As registries keep it: +CC.NUMBER */
  phone: string
}

/**
 * The simulated registry: names registered by someone, somewhere, with the EPP code a transfer
 * of each needs. The domains of the store that are registered (Active, Expired, in grace or
 * redemption) are taken too.
 */
export const REGISTERED_ELSEWHERE: Readonly<Record<string, string>> = {
  'example.com': 'Ex4mple#Code',
  'example.net': 'Ex4mple#Code',
  'example.org': 'Ex4mple#Code',
  'whmcs.com': 'Wh7!mcsCode',
  'taken.io': 'T4ken!io',
  'liamjohnson.net': 'Lq9$vX4!mT',
  'brown-design.co.uk': 'Bd2@uk',
  'xn--mller-kva.de': 'Mu3ller!de'
}

/** The statuses of a domain the registry holds as registered. */
export const REGISTERED_STATUSES: readonly DomainStatus[] = ['Active', 'Expired', 'Grace', 'Redemption']

export class DomainsTable extends Table<DomainRecord> {
  ofOrder (orderId: number): DomainRecord[] {
    return this.filter(d => d.orderId === orderId)
  }

  ofClient (clientId: number): DomainRecord[] {
    return this.filter(d => d.clientId === clientId)
  }

  /** Whether the registry holds the name as registered (by anyone). */
  isRegistered (domain: string): boolean {
    const name = domain.trim().toLowerCase()
    return REGISTERED_ELSEWHERE[name] !== undefined ||
      this.find(d => d.domain.toLowerCase() === name && REGISTERED_STATUSES.includes(d.status)) !== undefined
  }

  /** A client's domain by name (case-insensitive), the newest when it was ordered twice. */
  findOfClient (clientId: number, domain: string): DomainRecord | undefined {
    const name = domain.trim().toLowerCase()
    return this.filter(d => d.clientId === clientId && d.domain.toLowerCase() === name).at(-1)
  }
}
