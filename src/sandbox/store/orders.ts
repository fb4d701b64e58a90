// Orders (tblorders). An order ties together the services, addons and domains it created and the
// invoice that bills them; those records point back to it through their orderId.

import { Table } from './table.js'

/** The order statuses WHMCS ships with (installs may add their own). */
export type OrderStatus = 'Pending' | 'Active' | 'Cancelled' | 'Fraud'
export const ORDER_STATUSES: readonly OrderStatus[] = ['Pending', 'Active', 'Cancelled', 'Fraud']

export interface OrderRecord {
  id: number
  /** The 10-digit order number shown to the client. */
  orderNum: string
  clientId: number
  contactId: number
  /** The user who placed the order (0 when staff did). */
  requestorId: number
  adminRequestorId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  /** Nameservers given for the order's domains. */
  nameservers: string[]
  /** EPP codes of transferred domains, by domain name. */
  transferSecrets: Record<string, string>
  promoCode: string
  promoType: string
  /** The promotion's value as WHMCS prints it ('10.00'), '' without one. */
  promoValue: string
  /** The order total in the client's currency, cents. */
  amountCents: number
  currencyId: number
  paymentMethod: string
  /** 0 when the order was placed without an invoice. */
  invoiceId: number
  status: OrderStatus
  ipAddress: string
  fraudModule: string
  fraudOutput: string
  notes: string
  /** Domain ids renewed by the order (AddOrder domainrenewals). */
  renewalDomainIds: number[]
}

export class OrdersTable extends Table<OrderRecord> {
  /** Newest first, as GetOrders lists them. */
  query (filter: { id?: number, clientId?: number, requestorId?: number, status?: string }): OrderRecord[] {
    return this.filter(o =>
      (filter.id === undefined || o.id === filter.id) &&
      (filter.clientId === undefined || o.clientId === filter.clientId) &&
      (filter.requestorId === undefined || o.requestorId === filter.requestorId) &&
      (filter.status === undefined || o.status.toLowerCase() === filter.status.toLowerCase())
    ).reverse()
  }

  ofClient (clientId: number): OrderRecord[] {
    return this.filter(o => o.clientId === clientId)
  }
}
