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
}

export class DomainsTable extends Table<DomainRecord> {
  ofOrder (orderId: number): DomainRecord[] {
    return this.filter(d => d.orderId === orderId)
  }

  ofClient (clientId: number): DomainRecord[] {
    return this.filter(d => d.clientId === clientId)
  }

  /** A client's domain by name (case-insensitive), the newest when it was ordered twice. */
  findOfClient (clientId: number, domain: string): DomainRecord | undefined {
    const name = domain.trim().toLowerCase()
    return this.filter(d => d.clientId === clientId && d.domain.toLowerCase() === name).at(-1)
  }
}
