// Billing actions: invoices (GetInvoices, GetInvoice, CreateInvoice, UpdateInvoice), payments
// (AddInvoicePayment, CapturePayment), GenInvoices, credit (GetCredits, AddCredit), stored pay
// methods (GetPayMethods, AddPayMethod) and quotes (GetQuotes, CreateQuote). Money is integer
// cents in the store and WHMCS's decimal strings on the wire.

import { runInvoicing } from '../engine/invoicing.js'
import { markPaid, renewPaidItems } from '../engine/renewals.js'
import { ActionError, paging, parseBool, parseInt10, type Params } from '../protocol/params.js'
import { findCurrency, defaultCurrency } from '../store/currencies.js'
import { PAYMENT_GATEWAYS, findGateway, invoiceTotals, percentOf, taxTermsFor, taxTotals, type InvoiceItemRecord, type InvoiceRecord, type InvoiceStatus, type TaxTotals, INVOICE_STATUSES } from '../store/invoices.js'
import { QUOTE_STAGES, type PayMethodRecord, type PayMethodType, type QuoteItemRecord, type QuoteRecord, type QuoteStage } from '../store/billing.js'
import type { ClientRecord } from '../store/clients.js'
import type { Store } from '../store/index.js'
import { formatCents, isoDate, isoDateTime, parseCents } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

const NEVER = '0000-00-00 00:00:00'

/** A tax rate as WHMCS prints it ("20.000") from hundredths of a percent. */
function rateText (hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}0`
}

/** A tax rate parameter ("20", "17.5") in hundredths of a percent; undefined when absent. */
function readRate (params: Params, name: string): number | undefined {
  const text = params.str(name)
  if (text === undefined || text === '') return undefined
  const cents = parseCents(text)
  if (cents === undefined || cents < 0) throw new ActionError(`Invalid ${name}`)
  return cents
}

function requireAmount (text: string | undefined, message: string): number {
  const cents = parseCents(text ?? '')
  if (cents === undefined) throw new ActionError(message)
  return cents
}

function invoiceOr404 (store: Store, id: number | undefined): InvoiceRecord {
  const invoice = store.invoices.get(id ?? 0)
  if (invoice === undefined) throw new ActionError('Invoice ID Not Found')
  return invoice
}

function clientOr404 (store: Store, id: number | undefined): ClientRecord {
  const client = store.clients.get(id ?? 0)
  if (client === undefined) throw new ActionError('Client ID Not Found')
  return client
}

/** A date parameter (YYYY-MM-DD, optionally with a time); undefined when absent. */
function readDate (params: Params, name: string, message = 'Date Format is not Valid'): string | undefined {
  const text = params.str(name)
  if (text === undefined || text === '') return undefined
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(text)) throw new ActionError(message)
  return text
}

// ---------------------------------------------------------------- credit and payment

/** Adds (or, negative, takes) credit, logging it as WHMCS's credit log does. */
export function changeCredit (store: Store, client: ClientRecord, cents: number, description: string, date: string, relId = 0): void {
  client.creditCents += cents
  store.credits.insert({ clientId: client.id, date, description, amountCents: cents, relId })
}

/**
 * The invoice's status once its balance has changed: Paid at zero, with the date it was paid, and
 * what it bills renewed (renewals.ts).
 */
function settle (store: Store, invoice: InvoiceRecord, now: Date): void {
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
function applyCredit (store: Store, invoice: InvoiceRecord, date: string): void {
  const client = store.clients.get(invoice.clientId)
  if (client === undefined || client.creditCents <= 0) return
  const cents = Math.min(client.creditCents, invoiceTotals(invoice).balanceCents)
  if (cents <= 0) return
  invoice.creditCents += cents
  changeCredit(store, client, -cents, `Credit Applied to Invoice #${invoice.id}`, date, invoice.id)
}

// ---------------------------------------------------------------- printing

function invoiceSummary (store: Store, invoice: InvoiceRecord): JsonObject {
  const client = store.clients.get(invoice.clientId)
  const currency = findCurrency(client?.currency ?? invoice.currencyId) ?? defaultCurrency()
  const totals = invoiceTotals(invoice)
  return {
    id: invoice.id,
    userid: invoice.clientId,
    firstname: client?.firstname ?? '',
    lastname: client?.lastname ?? '',
    companyname: client?.companyname ?? '',
    invoicenum: invoice.invoiceNum,
    date: invoice.date,
    duedate: invoice.dueDate,
    datepaid: invoice.datePaid ?? NEVER,
    last_capture_attempt: NEVER,
    subtotal: formatCents(totals.subtotalCents),
    credit: formatCents(invoice.creditCents),
    tax: formatCents(totals.taxCents),
    tax2: formatCents(totals.tax2Cents),
    total: formatCents(totals.totalCents),
    taxrate: rateText(invoice.taxRate),
    taxrate2: rateText(invoice.taxRate2),
    status: invoice.status,
    paymentmethod: invoice.paymentMethod,
    paymethodid: null,
    notes: invoice.notes,
    currencycode: currency.code,
    currencyprefix: currency.prefix,
    currencysuffix: currency.suffix
  }
}

function invoiceDetails (store: Store, invoice: InvoiceRecord): JsonObject {
  const totals = invoiceTotals(invoice)
  const transactions = store.transactions.ofInvoice(invoice.id)
  return {
    invoiceid: invoice.id,
    invoicenum: invoice.invoiceNum,
    userid: invoice.clientId,
    date: invoice.date,
    duedate: invoice.dueDate,
    datepaid: invoice.datePaid ?? NEVER,
    lastcaptureattempt: NEVER,
    subtotal: formatCents(totals.subtotalCents),
    credit: formatCents(invoice.creditCents),
    tax: formatCents(totals.taxCents),
    tax2: formatCents(totals.tax2Cents),
    total: formatCents(totals.totalCents),
    balance: formatCents(totals.balanceCents),
    taxrate: rateText(invoice.taxRate),
    taxrate2: rateText(invoice.taxRate2),
    status: invoice.status,
    paymentmethod: invoice.paymentMethod,
    notes: invoice.notes,
    ccgateway: invoice.paymentMethod === 'stripe',
    items: { item: invoice.items.map(item => ({ id: item.id, type: item.type, relid: item.relId, description: item.description, amount: formatCents(item.amountCents), taxed: item.taxed ? 1 : 0 })) },
    // WHMCS answers "" when the invoice has no transactions.
    transactions: transactions.length === 0
      ? ''
      : { transaction: transactions.map(t => ({ id: t.id, userid: t.clientId, currency: 0, gateway: t.gateway, date: t.date, description: t.description, amountin: formatCents(t.amountInCents), fees: formatCents(t.feesCents), amountout: '0.00', rate: '1.00000', transid: t.transId, invoiceid: t.invoiceId, refundid: 0 })) }
  }
}

// ---------------------------------------------------------------- invoices

const INVOICE_ORDER: Record<string, (i: InvoiceRecord) => string | number> = {
  id: i => i.id,
  invoicenumber: i => i.invoiceNum,
  date: i => i.date,
  duedate: i => i.dueDate,
  total: i => invoiceTotals(i).totalCents,
  status: i => i.status
}

function getInvoices ({ params, store, now }: ActionContext): JsonObject {
  const { start, num } = paging(params)
  const userId = params.int('userid')
  const status = params.str('status') ?? ''
  const today = isoDate(now())
  let invoices = store.invoices.all()
  if (userId !== undefined && userId !== 0) invoices = invoices.filter(i => i.clientId === userId)
  if (status !== '') {
    invoices = status.toLowerCase() === 'overdue'
      ? invoices.filter(i => i.status === 'Unpaid' && i.dueDate < today)
      : invoices.filter(i => i.status.toLowerCase() === status.toLowerCase())
  }
  const key = INVOICE_ORDER[(params.str('orderby') ?? 'id').toLowerCase()] ?? INVOICE_ORDER.id
  const desc = (params.str('order') ?? 'asc').toLowerCase() === 'desc'
  invoices.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id - b.id
    return desc ? -c : c
  })
  const page = invoices.slice(start, start + num)
  return {
    result: 'success',
    totalresults: invoices.length,
    startnumber: start,
    numreturned: page.length,
    invoices: { invoice: page.map(i => invoiceSummary(store, i)) }
  }
}

function getInvoice ({ params, store }: ActionContext): JsonObject {
  return { result: 'success', ...invoiceDetails(store, invoiceOr404(store, params.int('invoiceid'))) }
}

/** CreateInvoice's numbered lines: itemdescription1, itemamount1, itemtaxed1... */
function numberedItems (params: Params, store: Store): InvoiceItemRecord[] {
  const items: InvoiceItemRecord[] = []
  let nextId = store.invoices.nextItemId()
  const numbers = [...params.tree.keys()]
    .map(k => /^itemdescription(\d+)$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b))
  for (const n of numbers) {
    const description = params.text(`itemdescription${n}`)
    if (description === '') continue
    items.push({ id: nextId++, type: '', relId: 0, description, amountCents: parseCents(params.text(`itemamount${n}`)) ?? 0, taxed: parseBool(params.text(`itemtaxed${n}`)) })
  }
  return items
}

function readStatus (text: string): InvoiceStatus {
  const status = INVOICE_STATUSES.find(s => s.toLowerCase() === text.toLowerCase())
  if (status === undefined) throw new ActionError(`Invalid status ${text}`)
  return status
}

function createInvoice ({ params, store, now }: ActionContext): JsonObject {
  const client = clientOr404(store, params.int('userid'))
  const draft = params.bool('draft') === true
  if (draft && params.bool('sendinvoice') === true) throw new ActionError('Cannot create and send a draft invoice in a single API request. Please create and send separately.')
  const today = isoDate(now())
  const status = draft ? 'Draft' : readStatus(params.str('status') ?? 'Unpaid')
  const gateway = params.str('paymentmethod') ?? ''
  const terms = taxTermsFor(store, client)
  const invoice = store.invoices.insert({
    clientId: client.id,
    invoiceNum: '',
    date: readDate(params, 'date')?.slice(0, 10) ?? today,
    dueDate: readDate(params, 'duedate')?.slice(0, 10) ?? today,
    datePaid: null,
    status,
    paymentMethod: findGateway(gateway)?.module ?? (client.defaultGateway !== '' ? client.defaultGateway : PAYMENT_GATEWAYS[0].module),
    currencyId: client.currency,
    // The install's rates for the client unless the call gives its own, as WHMCS does.
    ...terms,
    taxRate: readRate(params, 'taxrate') ?? terms.taxRate,
    taxRate2: readRate(params, 'taxrate2') ?? terms.taxRate2,
    creditCents: 0,
    paidCents: 0,
    notes: params.text('notes'),
    items: numberedItems(params, store)
  })
  if (params.bool('autoapplycredit') === true && status === 'Unpaid') applyCredit(store, invoice, today)
  // An invoice with nothing to pay is Paid at once, as WHMCS marks a zero invoice.
  settle(store, invoice, now())
  return { result: 'success', invoiceid: invoice.id, status: invoice.status }
}

function updateInvoice ({ params, store, now }: ActionContext): JsonObject {
  const invoice = invoiceOr404(store, params.int('invoiceid'))
  const descriptions = params.map('itemdescription') ?? new Map<string, string>()
  const amounts = params.map('itemamount') ?? new Map<string, string>()
  const taxed = params.map('itemtaxed') ?? new Map<string, string>()
  for (const id of new Set([...descriptions.keys(), ...amounts.keys(), ...taxed.keys()])) {
    if (!descriptions.has(id) || !amounts.has(id) || !taxed.has(id)) throw new ActionError('Missing Variables: itemdescription, itemamount and itemtaxed are required for each item being changed')
  }
  const status = params.str('status')
  const publish = params.bool('publish') === true || params.bool('publishandsendemail') === true
  if (publish && invoice.status !== 'Draft') throw new ActionError('Invoice must be in Draft status to be published')
  const newStatus = status === undefined || status === '' ? undefined : readStatus(status)
  for (const [id, description] of descriptions) {
    const item = invoice.items.find(i => String(i.id) === id)
    if (item === undefined) continue
    item.description = description
    item.amountCents = parseCents(amounts.get(id) ?? '') ?? 0
    item.taxed = parseBool(taxed.get(id) ?? '')
  }
  const newDescriptions = params.map('newitemdescription') ?? new Map<string, string>()
  const newAmounts = params.map('newitemamount') ?? new Map<string, string>()
  const newTaxed = params.map('newitemtaxed') ?? new Map<string, string>()
  let nextId = store.invoices.nextItemId()
  for (const [k, description] of newDescriptions) {
    if (description.trim() === '') continue
    invoice.items.push({ id: nextId++, type: '', relId: 0, description, amountCents: parseCents(newAmounts.get(k) ?? '') ?? 0, taxed: parseBool(newTaxed.get(k) ?? '') })
  }
  const deleted = new Set([...(params.map('deletelineids') ?? new Map<string, string>()).values()].map(v => v.trim()))
  invoice.items = invoice.items.filter(i => !deleted.has(String(i.id)))
  const wasPaid = invoice.status === 'Paid'
  if (newStatus !== undefined) invoice.status = newStatus
  if (publish) invoice.status = 'Unpaid'
  const gateway = params.str('paymentmethod')
  if (gateway !== undefined && gateway !== '') invoice.paymentMethod = gateway
  invoice.taxRate = readRate(params, 'taxrate') ?? invoice.taxRate
  invoice.taxRate2 = readRate(params, 'taxrate2') ?? invoice.taxRate2
  const credit = params.str('credit')
  if (credit !== undefined && credit !== '') invoice.creditCents = requireAmount(credit, 'Invalid credit')
  invoice.date = readDate(params, 'date')?.slice(0, 10) ?? invoice.date
  invoice.dueDate = readDate(params, 'duedate')?.slice(0, 10) ?? invoice.dueDate
  invoice.datePaid = readDate(params, 'datepaid') ?? invoice.datePaid
  if (params.has('notes')) invoice.notes = params.text('notes')
  // Marked Paid by staff, the invoice renews what it bills as a payment would.
  if (!wasPaid && invoice.status === 'Paid') renewPaidItems(store, invoice)
  settle(store, invoice, now())
  return { result: 'success', invoiceid: String(invoice.id) }
}

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

/** The ids of an array parameter (serviceids[0]=1...); undefined when it was not sent as an array. */
function idList (params: Params, name: string): Set<number> | undefined {
  const values = params.map(name)
  return values === undefined ? undefined : new Set([...values.values()].map(parseInt10).filter(id => id > 0))
}

/**
 * WHMCS's invoicing run (see invoicing.ts), then what WHMCS does with each new invoice: the
 * client's credit pays it as far as it goes (unless NoAutoApplyCredit), and one with nothing to
 * pay is Paid. The item lists narrow the run only when sent as arrays, as WHMCS reads them: a
 * comma-separated string is ignored.
 */
function genInvoices ({ params, store, now }: ActionContext): JsonObject {
  const clientId = params.int('clientid') ?? 0
  if (clientId !== 0) clientOr404(store, clientId)
  const services = idList(params, 'serviceids')
  const addons = idList(params, 'addonids')
  const domains = idList(params, 'domainids')
  const only = services === undefined && addons === undefined && domains === undefined
    ? undefined
    : { services: services ?? new Set<number>(), addons: addons ?? new Set<number>(), domains: domains ?? new Set<number>() }
  const today = isoDate(now())
  const created = runInvoicing(store, { clientId, only }, today)
  for (const invoice of created) {
    if (!store.settings.flag('NoAutoApplyCredit')) applyCredit(store, invoice, today)
    settle(store, invoice, now())
  }
  const answer: JsonObject = { result: 'success', numcreated: String(created.length) }
  if (clientId !== 0) answer.latestinvoiceid = created.at(-1)?.id ?? 0
  return answer
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

// ---------------------------------------------------------------- quotes

/** A quote's totals: its lines (quantity × unit price, less the line's discount) under the tax terms it was made with. */
function quoteTotals (quote: QuoteRecord): TaxTotals {
  return taxTotals(quote.items.map(item => {
    // The quantity is a decimal: in hundredths, the line is unit price × quantity / 100, rounded.
    const line = percentOf(item.unitPriceCents, (parseCents(item.quantity) ?? 0) * 100)
    return { amountCents: line - percentOf(line, item.discount), taxed: item.taxable }
  }), quote)
}

function getQuotes ({ params, store }: ActionContext): JsonObject {
  const { start, num } = paging(params)
  const quoteId = params.int('quoteid') ?? 0
  const userId = params.int('userid') ?? 0
  const stage = params.str('stage') ?? ''
  const subject = params.str('subject') ?? ''
  const quotes = store.quotes.all().reverse()
    .filter(q => quoteId === 0 || q.id === quoteId)
    .filter(q => userId === 0 || q.clientId === userId)
    .filter(q => stage === '' || q.stage.toLowerCase() === stage.toLowerCase())
    .filter(q => subject === '' || q.subject.toLowerCase().includes(subject.toLowerCase()))
  const page = quotes.slice(start, start + num)
  return {
    result: 'success',
    totalresults: quotes.length,
    startnumber: start,
    numreturned: page.length,
    quotes: {
      quote: page.map(q => {
        const totals = quoteTotals(q)
        const client = store.clients.get(q.clientId)
        const out: Record<string, Json> = {
          id: q.id,
          subject: q.subject,
          stage: q.stage,
          validuntil: q.validUntil,
          userid: q.clientId,
          firstname: q.firstname,
          lastname: q.lastname,
          companyname: q.companyname,
          email: q.email,
          state: q.state,
          country: q.country,
          currency: client?.currency ?? q.currencyId,
          subtotal: formatCents(totals.subtotalCents),
          tax1: formatCents(totals.taxCents),
          tax2: formatCents(totals.tax2Cents),
          total: formatCents(totals.totalCents),
          proposal: q.proposal,
          customernotes: q.customerNotes,
          adminnotes: q.adminNotes,
          datecreated: q.dateCreated,
          lastmodified: q.lastModified,
          datesent: '0000-00-00',
          dateaccepted: '0000-00-00',
          items: { item: q.items.map(i => ({ id: i.id, description: i.description, quantity: i.quantity, unitprice: formatCents(i.unitPriceCents), discount: formatCents(i.discount), taxable: i.taxable ? 1 : 0 })) }
        }
        return out
      })
    }
  }
}

/** A date in the install's DateFormat setting (DD/MM/YYYY...) as 'YYYY-MM-DD'; undefined when it is not one. */
function installDate (store: Store, text: string): string | undefined {
  const format = store.settings.value('DateFormat', 'DD/MM/YYYY')
  const parts = text.split(/[/.-]/)
  const order = format.split(/[/.-]/)
  if (parts.length !== 3 || order.length !== 3) return undefined
  const get = (unit: string): string => parts[order.indexOf(unit)] ?? ''
  const [y, m, d] = [get('YYYY'), get('MM'), get('DD')]
  if (!/^\d{4}$/.test(y) || !/^\d{2}$/.test(m) || !/^\d{2}$/.test(d)) return undefined
  return `${y}-${m}-${d}`
}

function createQuote ({ params, store, now }: ActionContext): JsonObject {
  const subject = params.text('subject')
  if (subject === '') throw new ActionError('Subject is required')
  const stage = QUOTE_STAGES.find(s => s.toLowerCase() === params.text('stage').toLowerCase())
  if (stage === undefined) throw new ActionError('Invalid Stage')
  const validUntil = installDate(store, params.text('validuntil'))
  if (validUntil === undefined) throw new ActionError('Valid Until is required')
  const userId = params.int('userid') ?? 0
  const client = userId === 0 ? undefined : clientOr404(store, userId)
  const lines = params.raw('lineitems')
  const items: QuoteItemRecord[] = []
  if (lines instanceof Map) {
    let next = store.quotes.all().reduce((max, q) => Math.max(max, ...q.items.map(i => i.id)), 0) + 1
    for (const line of lines.values()) {
      if (!(line instanceof Map)) continue
      const field = (name: string): string => { const v = line.get(name); return typeof v === 'string' ? v.trim() : '' }
      items.push({ id: next++, description: field('desc'), quantity: field('qty') === '' ? '1' : field('qty'), unitPriceCents: parseCents(field('up')) ?? 0, discount: parseCents(field('discount')) ?? 0, taxable: parseBool(field('taxable')) })
    }
  }
  const today = isoDate(now())
  const quote = store.quotes.insert({
    subject,
    stage: stage as QuoteStage,
    clientId: userId,
    firstname: params.text('firstname'),
    lastname: params.text('lastname'),
    companyname: params.text('companyname'),
    email: params.text('email'),
    state: params.text('state'),
    country: params.text('country'),
    currencyId: params.int('currency') ?? 1,
    // Priced when it is saved, as WHMCS does: at the install's rates where the client (or the prospect) lives.
    ...taxTermsFor(store, client ?? { state: params.text('state'), country: params.text('country'), taxExempt: false }),
    validUntil,
    dateCreated: installDate(store, params.text('datecreated')) ?? today,
    lastModified: today,
    proposal: params.text('proposal'),
    customerNotes: params.text('customernotes'),
    adminNotes: params.text('adminnotes'),
    items
  })
  return { result: 'success', quoteid: String(quote.id) }
}

export const billingHandlers: HandlerGroup = {
  GetInvoices: getInvoices,
  GetInvoice: getInvoice,
  CreateInvoice: createInvoice,
  UpdateInvoice: updateInvoice,
  AddInvoicePayment: addInvoicePayment,
  CapturePayment: capturePayment,
  GenInvoices: genInvoices,
  GetCredits: getCredits,
  AddCredit: addCredit,
  GetPayMethods: getPayMethods,
  AddPayMethod: addPayMethod,
  GetQuotes: getQuotes,
  CreateQuote: createQuote
}
