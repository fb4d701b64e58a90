// Payment actions: AddInvoicePayment and CapturePayment (the sandbox's deterministic gateway),
// credit (GetCredits, AddCredit) and stored pay methods (GetPayMethods, AddPayMethod). The
// bookkeeping itself is in ../../engine/payments.ts.

import { changeCredit, recordPayment } from '../../engine/payments.js'
import { clientOr404, invoiceOr404, readDate, requireAmount } from './common.js'
import type { ActionContext, HandlerGroup } from '../types.js'
import { ActionError } from '../../protocol/params.js'
import { formatCents, isoDate, isoDateTime, parseCents } from '../../protocol/text.js'
import type { PayMethodRecord, PayMethodType } from '../../store/billing.js'
import { findGateway, invoiceTotals, PAYMENT_GATEWAYS } from '../../store/invoices.js'
import type { JsonObject } from '../../types.js'

// ---------------------------------------------------------------- payments

function addInvoicePayment ({ params, store, now }: ActionContext): JsonObject {
  const invoice = invoiceOr404(store, params.int('invoiceid'))
  if (invoice.status === 'Cancelled') throw new ActionError('It is not possible to add a payment to an invoice that is Cancelled')
  const amount = params.str('amount')
  const cents = amount === undefined || amount === '' ? invoiceTotals(invoice).balanceCents : requireAmount(amount, 'Amount must be in decimal format: ### or ###.##')
  const fees = params.str('fees')
  const date = readDate(params, 'date') ?? isoDateTime(now())
  // The invoice is paid on the payment's date, not on the day it was recorded.
  recordPayment(store, invoice, cents, params.text('gateway'), params.text('transid'), date.length === 10 ? `${date} 00:00:00` : date,
    fees === undefined || fees === '' ? 0 : requireAmount(fees, 'Invalid fees'))
  return { result: 'success' }
}

/** The deterministic gateway: a stored card ending 0002 is declined, any other is charged. */
function capturePayment ({ params, store, now }: ActionContext): JsonObject {
  const invoice = store.invoices.get(params.int('invoiceid') ?? 0)
  if (invoice === undefined || invoice.status !== 'Unpaid') throw new ActionError('Invoice Not Found or Not Unpaid')
  const methods = store.payMethods.ofClient(invoice.clientId).filter(p => p.type === 'CreditCard' || p.type === 'RemoteCreditCard')
  const card = methods.find(p => p.isDefault) ?? methods[0]
  if (card === undefined || card.cardLastFour === '0002') throw new ActionError('Payment Attempt Failed')
  const at = now()
  recordPayment(store, invoice, invoiceTotals(invoice).balanceCents, card.gateway !== '' ? card.gateway : invoice.paymentMethod, `ch_sandbox_${invoice.id}_${store.transactions.all().length + 1}`, isoDateTime(at), 0, at)
  return { result: 'success' }
}

// ---------------------------------------------------------------- credit

function getCredits ({ params, store }: ActionContext): JsonObject {
  const client = clientOr404(store, params.int('clientid'))
  const credits = store.credits.ofClient(client.id)
  return {
    result: 'success',
    totalresults: String(credits.length),
    clientid: String(client.id),
    credits: credits.length === 0 ? [] : { credit: credits.map(c => ({ id: String(c.id), date: c.date, description: c.description, amount: formatCents(c.amountCents), relid: String(c.relId) })) }
  }
}

function addCredit ({ params, store, now }: ActionContext): JsonObject {
  const type = (params.str('type') ?? 'add').toLowerCase()
  if (type !== 'add' && type !== 'remove') throw new ActionError('Type can only be add or remove')
  const client = clientOr404(store, params.int('clientid'))
  const amount = params.str('amount') ?? ''
  if (amount === '') throw new ActionError('No Amount Provided')
  const cents = parseCents(amount)
  if (cents === undefined || cents < 0) throw new ActionError('Amount must be in decimal format: ### or ###.##')
  const date = readDate(params, 'date')?.slice(0, 10) ?? isoDate(now())
  changeCredit(store, client, type === 'add' ? cents : -cents, params.text('description'), date)
  return { result: 'success', newbalance: formatCents(client.creditCents) }
}

// ---------------------------------------------------------------- pay methods

const PAY_METHOD_TYPES: readonly PayMethodType[] = ['BankAccount', 'CreditCard', 'RemoteCreditCard']

function payMethodOut (p: PayMethodRecord): JsonObject {
  const common: JsonObject = { id: p.id, type: p.type, description: p.description, gateway_name: p.gateway, contact_type: 'Client', contact_id: p.clientId }
  const updated = `${p.lastUpdated.slice(8, 10)}/${p.lastUpdated.slice(5, 7)}/${p.lastUpdated.slice(0, 4)} ${p.lastUpdated.slice(11, 16)}`
  if (p.type === 'BankAccount' || p.type === 'RemoteBankAccount') return { ...common, bank_name: p.bankName, remote_token: p.remoteToken, last_updated: updated }
  return { ...common, card_last_four: p.cardLastFour, expiry_date: p.expiryDate, start_date: '', issue_number: '', card_type: p.cardType, remote_token: p.remoteToken, last_updated: updated }
}

function getPayMethods ({ params, store }: ActionContext): JsonObject {
  const id = params.int('clientid')
  if (id === undefined || id === 0) throw new ActionError('Client ID Is Required')
  const client = store.clients.get(id)
  if (client === undefined) throw new ActionError('Client Not Found')
  const type = params.str('type') ?? ''
  if (type !== '' && type !== 'BankAccount' && type !== 'CreditCard') throw new ActionError("Invalid Pay Method Type. Should be 'BankAccount' or 'CreditCard'")
  const payMethodId = params.int('paymethodid') ?? 0
  const methods = store.payMethods.ofClient(id)
    .filter(p => payMethodId === 0 || p.id === payMethodId)
    .filter(p => type === '' || (type === 'CreditCard' ? p.type.endsWith('CreditCard') : p.type.endsWith('BankAccount')))
  return { result: 'success', clientid: id, paymethods: methods.map(payMethodOut) }
}

function cardType (number: string): string {
  if (number.startsWith('4')) return 'Visa'
  if (/^5[1-5]/.test(number)) return 'MasterCard'
  if (/^3[47]/.test(number)) return 'American Express'
  return 'Card'
}

function addPayMethod ({ params, store, now }: ActionContext): JsonObject {
  const id = params.int('clientid')
  if (id === undefined || id === 0) throw new ActionError('Client ID Is Required')
  const client = store.clients.get(id)
  if (client === undefined) throw new ActionError('Invalid Client ID')
  const type = (params.str('type') ?? 'CreditCard') as PayMethodType
  if (!PAY_METHOD_TYPES.includes(type)) throw new ActionError("Invalid Pay Method Type. Type should be one of 'BankAccount', 'CreditCard', or 'RemoteCreditCard'")
  const gateway = params.text('gateway_module_name')
  if (gateway !== '' && findGateway(gateway) === undefined) throw new ActionError(`Invalid Gateway Module Name. Must be one of: ${PAYMENT_GATEWAYS.map(g => g.module).join(', ')}`)
  let record: Omit<PayMethodRecord, 'id'> = {
    clientId: id, type, description: params.text('description'), gateway, cardLastFour: '', cardType: '', expiryDate: '', bankName: '', remoteToken: '', isDefault: params.bool('set_as_default') === true, lastUpdated: isoDateTime(now())
  }
  if (type === 'BankAccount') {
    if (params.text('bank_code') === '') throw new ActionError('Routing number is required')
    if (params.text('bank_account') === '') throw new ActionError('Account number is required')
    record = { ...record, bankName: params.text('bank_name') }
  } else {
    if (type === 'RemoteCreditCard' && gateway === '') throw new ActionError('Gateway is Required for RemoteCreditCard type')
    const number = params.text('card_number').replace(/[\s-]/g, '')
    if (number === '') throw new ActionError("Card Number is required for 'CreditCard' or 'RemoteCreditCard' type")
    const expiry = params.text('card_expiry')
    if (expiry === '') throw new ActionError("Expiry Date is required for 'CreditCard' or 'RemoteCreditCard' type")
    const m = /^(\d{2})\/?(\d{2})$/.exec(expiry)
    if (m === null || Number(m[1]) < 1 || Number(m[1]) > 12) throw new ActionError('Expiry Date is invalid')
    // Only the last four digits are kept, as a tokenising gateway leaves WHMCS.
    record = { ...record, cardLastFour: number.slice(-4), cardType: cardType(number), expiryDate: `${m[1]}/${m[2]}`, remoteToken: type === 'RemoteCreditCard' ? `tok_sandbox_${store.payMethods.all().length + 1}` : '' }
  }
  if (record.isDefault) for (const p of store.payMethods.ofClient(id)) p.isDefault = false
  const created = store.payMethods.insert(record)
  return { result: 'success', clientid: String(id), paymethodid: String(created.id) }
}

export const paymentHandlers: HandlerGroup = {
  AddInvoicePayment: addInvoicePayment,
  CapturePayment: capturePayment,
  GetCredits: getCredits,
  AddCredit: addCredit,
  GetPayMethods: getPayMethods,
  AddPayMethod: addPayMethod
}
