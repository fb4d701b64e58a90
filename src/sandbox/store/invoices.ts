// Invoices (tblinvoices with their tblinvoiceitems), the payment gateways and the tax rules
// (tbltax) configured in the install, and the tax arithmetic invoices and quotes share. Amounts are
// integer cents in the client's currency; totals are always recomputed from the lines, never
// stored apart from them.

import type { Store } from './index.js'
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
  /**
   * The due date of the period the line bills (tblinvoiceitems.duedate): the invoicing run does
   * not bill an item twice for the same date. The invoice's due date when absent.
   */
  dueDate?: string
}

/** How an invoice or a quote is taxed, fixed when it is made. */
export interface TaxTerms {
  /** Tax rates in hundredths of a percent (20% = 2000). */
  taxRate: number
  taxRate2: number
  /** Whether line amounts include the tax (the install's TaxType when it was made); exclusive when absent. */
  taxInclusive?: boolean
}

export interface InvoiceRecord extends TaxTerms {
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
  /** Credit applied to the invoice. */
  creditCents: number
  /** Payments received (Billing records them as transactions too). */
  paidCents: number
  notes: string
  items: InvoiceItemRecord[]
}

/** The totals of taxed lines: an invoice's or a quote's. */
export interface TaxTotals {
  subtotalCents: number
  taxCents: number
  tax2Cents: number
  totalCents: number
}

export interface InvoiceTotals extends TaxTotals {
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
 * The totals of lines under tax terms: tax applies to the lines marked taxed. With exclusive tax
 * the rates are added on top of the lines; with inclusive tax the lines already hold it, and the
 * tax is the part of them above their net amount, so the total is their sum.
 */
export function taxTotals (lines: ReadonlyArray<{ amountCents: number, taxed: boolean }>, terms: TaxTerms): TaxTotals {
  const linesCents = lines.reduce((sum, line) => sum + line.amountCents, 0)
  const taxable = lines.filter(l => l.taxed).reduce((sum, line) => sum + line.amountCents, 0)
  let taxCents: number
  let tax2Cents: number
  if (terms.taxInclusive === true) {
    const net = divideRounded(taxable * 10000, 10000 + terms.taxRate + terms.taxRate2)
    taxCents = percentOf(net, terms.taxRate)
    tax2Cents = taxable - net - taxCents
  } else {
    taxCents = percentOf(taxable, terms.taxRate)
    tax2Cents = percentOf(taxable, terms.taxRate2)
  }
  const subtotalCents = terms.taxInclusive === true ? linesCents - taxCents - tax2Cents : linesCents
  return { subtotalCents, taxCents, tax2Cents, totalCents: subtotalCents + taxCents + tax2Cents }
}

/** An invoice's totals, computed from its lines, and its balance. */
export function invoiceTotals (invoice: InvoiceRecord): InvoiceTotals {
  const totals = taxTotals(invoice.items, invoice)
  return { ...totals, balanceCents: Math.max(0, totals.totalCents - invoice.creditCents - invoice.paidCents) }
}

/** A tax rule (tbltax): a rate of one level for a country, or one of its states ('' = any). */
export interface TaxRuleRecord {
  id: number
  level: 1 | 2
  name: string
  state: string
  /** Two-letter country code. */
  country: string
  /** Hundredths of a percent (20% = 2000). */
  rate: number
}

/** The tax rules of the sandbox install: VAT in a few European countries, and Canada's GST with British Columbia's PST on top. */
export const DEFAULT_TAX_RULES: readonly TaxRuleRecord[] = [
  { id: 1, level: 1, name: 'VAT', state: '', country: 'GB', rate: 2000 },
  { id: 2, level: 1, name: 'MwSt', state: '', country: 'DE', rate: 1900 },
  { id: 3, level: 1, name: 'Moms', state: '', country: 'SE', rate: 2500 },
  { id: 4, level: 1, name: 'GST', state: '', country: 'CA', rate: 500 },
  { id: 5, level: 2, name: 'PST', state: 'BC', country: 'CA', rate: 700 }
]

export class TaxRulesTable extends Table<TaxRuleRecord> {
  /**
   * The rate of a level where someone lives, as WHMCS picks it: of the rules for that country (or
   * any) and that state (or any), the one naming the country wins, then the one naming the state;
   * 0 when no rule applies.
   */
  rate (level: 1 | 2, state: string, country: string): number {
    const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase()
    const rules = this.filter(r => r.level === level && (r.country === '' || same(r.country, country)) && (r.state === '' || same(r.state, state)))
    rules.sort((a, b) => Number(b.country !== '') - Number(a.country !== '') || Number(b.state !== '') - Number(a.state !== ''))
    return rules[0]?.rate ?? 0
  }
}

/**
 * The tax terms of a new invoice or quote for someone: the install's rates where they live, none
 * when tax is off in the install or they are tax exempt; inclusive or exclusive as TaxType says.
 */
export function taxTermsFor (store: Pick<Store, 'settings' | 'taxRules'>, who: { state: string, country: string, taxExempt: boolean }): TaxTerms {
  const taxInclusive = store.settings.value('TaxType', 'Exclusive').toLowerCase() === 'inclusive'
  if (!store.settings.flag('TaxEnabled') || who.taxExempt) return { taxRate: 0, taxRate2: 0, taxInclusive }
  return { taxRate: store.taxRules.rate(1, who.state, who.country), taxRate2: store.taxRules.rate(2, who.state, who.country), taxInclusive }
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
