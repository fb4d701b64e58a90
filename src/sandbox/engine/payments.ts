// Money moving on an account as WHMCS books it: credit added or taken (with its log), payments
// recorded against an invoice (overpayments to credit), credit applied to an invoice, and an
// invoice settled (Paid, what it bills renewed) once nothing is left to pay.

import { markPaid } from './renewals.js'
import type { ClientRecord } from '../store/clients.js'
import type { Store } from '../store/index.js'
import { type InvoiceRecord, invoiceTotals } from '../store/invoices.js'

/** Adds (or, negative, takes) credit, logging it as WHMCS's credit log does. */
export function changeCredit (store: Store, client: ClientRecord, cents: number, description: string, date: string, relId = 0): void {
  client.creditCents += cents
  store.credits.insert({ clientId: client.id, date, description, amountCents: cents, relId })
}

/**
 * The invoice's status once its balance has changed: Paid at zero, with the date it was paid, and
 * what it bills renewed (renewals.ts).
 */
export function settle (store: Store, invoice: InvoiceRecord, now: Date): void {
  if (invoiceTotals(invoice).balanceCents === 0 && (invoice.status === 'Unpaid' || invoice.status === 'Payment Pending' || invoice.status === 'Collections')) {
    markPaid(store, invoice, now)
  }
}

/**
 * Records a payment against an invoice: a transaction, the paid amount, Paid when nothing is left
 * to pay; what exceeds the balance goes to the client's credit, as WHMCS does with overpayments.
 */
export function recordPayment (store: Store, invoice: InvoiceRecord, cents: number, gateway: string, transId: string, date: string, feesCents = 0, now = new Date(date.replace(' ', 'T') + 'Z')): void {
  const { balanceCents } = invoiceTotals(invoice)
  const applied = Math.min(cents, balanceCents)
  store.transactions.insert({ clientId: invoice.clientId, invoiceId: invoice.id, date, gateway, transId, description: `Invoice Payment (#${invoice.id})`, amountInCents: cents, feesCents })
  invoice.paidCents += applied
  const over = cents - applied
  const client = store.clients.get(invoice.clientId)
  if (over > 0 && client !== undefined) changeCredit(store, client, over, `Invoice #${invoice.id} Overpayment`, date.slice(0, 10), invoice.id)
  settle(store, invoice, now)
}

/** Applies the client's credit to an invoice, up to its balance. */
export function applyCredit (store: Store, invoice: InvoiceRecord, date: string): void {
  const client = store.clients.get(invoice.clientId)
  if (client === undefined || client.creditCents <= 0) return
  const cents = Math.min(client.creditCents, invoiceTotals(invoice).balanceCents)
  if (cents <= 0) return
  invoice.creditCents += cents
  changeCredit(store, client, -cents, `Credit Applied to Invoice #${invoice.id}`, date, invoice.id)
}
