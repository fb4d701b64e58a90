// Invoices (tblinvoices with their tblinvoiceitems) and the payment gateways configured in the
// install. Amounts are integer cents in the client's currency; totals are always recomputed from
// the lines, never stored apart from them.

import { Table } from './table.js'

export type InvoiceStatus = 'Draft' | 'Unpaid' | 'Paid' | 'Cancelled' | 'Refunded' | 'Collections' | 'Payment Pending'
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['Draft', 'Unpaid', 'Paid', 'Cancelled', 'Refunded', 'Collections', 'Payment Pending']

/** tblinvoiceitems.type: what a line bills, relId pointing at it. */
export type InvoiceItemType = 'Hosting' | 'Addon' | 'Domain' | 'DomainRegister' | 'DomainTransfer' |
  'PromoHosting' | 'PromoDomain' | 'Setup' | 'Item' | 'LateFee' | 'AddFunds' | 'Invoice' | 'GroupDiscount' | 'Upgrade' | ''

export interface InvoiceItemRecord {
  id: number
  type: InvoiceItemType
  /** The service, addon or domain id the line bills (0 for none). */
  relId: number
  description: string
  amountCents: number
  taxed: boolean
}

export interface InvoiceRecord {
  id: number
  clientId: number
  /** Custom invoice number ('' = the id is the number). */
  invoiceNum: string
  /** 'YYYY-MM-DD' */
  date: string
  dueDate: string
  /** 'YYYY-MM-DD HH:MM:SS' or null. */
  datePaid: string | null
  status: InvoiceStatus
  paymentMethod: string
  currencyId: number
  /** Tax rates in hundredths of a percent (20% = 2000). */
  taxRate: number
  taxRate2: number
  /** Credit applied to the invoice. */
  creditCents: number
  /** Whether line amounts include the tax (the install's TaxType when it was created); exclusive when absent. */
  taxInclusive?: boolean
  /** Payments received (Billing records them as transactions too). */
  paidCents: number
  notes: string
  items: InvoiceItemRecord[]
}

export interface InvoiceTotals {
  subtotalCents: number
  taxCents: number
  tax2Cents: number
  totalCents: number
  /** What is left to pay: total less credit and payments, never below 0. */
  balanceCents: number
}

/** round(cents * rate / 10000) for a rate in hundredths of a percent, half away from zero, in integers. */
export function percentOf (cents: number, hundredthsPercent: number): number {
  const product = cents * hundredthsPercent
  const sign = product < 0 ? -1 : 1
  return sign * Math.floor((Math.abs(product) + 5000) / 10000)
}

/** a / b rounded half away from zero, in integers (b > 0). */
function divideRounded (a: number, b: number): number {
  const sign = a < 0 ? -1 : 1
  return sign * Math.floor((2 * Math.abs(a) + b) / (2 * b))
}

/**
 * An invoice's totals, computed from its lines: tax applies to the lines marked taxed. With
 * exclusive tax the rates are added on top of the lines; with inclusive tax the lines already
 * hold it, and the tax is the part of them above their net amount, so the total is their sum.
 */
export function invoiceTotals (invoice: InvoiceRecord): InvoiceTotals {
  const linesCents = invoice.items.reduce((sum, item) => sum + item.amountCents, 0)
  const taxable = invoice.items.filter(i => i.taxed).reduce((sum, item) => sum + item.amountCents, 0)
  let taxCents: number
  let tax2Cents: number
  if (invoice.taxInclusive === true) {
    const net = divideRounded(taxable * 10000, 10000 + invoice.taxRate + invoice.taxRate2)
    taxCents = percentOf(net, invoice.taxRate)
    tax2Cents = taxable - net - taxCents
  } else {
    taxCents = percentOf(taxable, invoice.taxRate)
    tax2Cents = percentOf(taxable, invoice.taxRate2)
  }
  const subtotalCents = invoice.taxInclusive === true ? linesCents - taxCents - tax2Cents : linesCents
  const totalCents = subtotalCents + taxCents + tax2Cents
  return { subtotalCents, taxCents, tax2Cents, totalCents, balanceCents: Math.max(0, totalCents - invoice.creditCents - invoice.paidCents) }
}

export interface PaymentGateway {
  /** System name, as AddOrder's paymentmethod takes it. */
  module: string
  /** Display name. */
  name: string
}

/** The payment gateways active in the sandbox install, in display order. */
export const PAYMENT_GATEWAYS: readonly PaymentGateway[] = [
  { module: 'banktransfer', name: 'Bank Transfer' },
  { module: 'mailin', name: 'Mail In Payment' },
  { module: 'paypal', name: 'PayPal' },
  { module: 'stripe', name: 'Credit Card (Stripe)' }
]

export function findGateway (module: string): PaymentGateway | undefined {
  return PAYMENT_GATEWAYS.find(g => g.module === module)
}

export class InvoicesTable extends Table<InvoiceRecord> {
  ofClient (clientId: number): InvoiceRecord[] {
    return this.filter(i => i.clientId === clientId)
  }

  /** The next line id: unique across every invoice, as tblinvoiceitems numbers them. */
  nextItemId (): number {
    let max = 0
    for (const invoice of this.all()) for (const item of invoice.items) max = Math.max(max, item.id)
    return max + 1
  }
}
