// Invoice actions: GetInvoices, GetInvoice, CreateInvoice, UpdateInvoice and GenInvoices (the
// invoicing run itself is in ../../engine/invoicing.ts). Money is integer cents in the store and
// WHMCS's decimal strings on the wire.

import { runInvoicing } from '../../engine/invoicing.js'
import { applyCredit, settle } from '../../engine/payments.js'
import { renewPaidItems } from '../../engine/renewals.js'
import { clientOr404, invoiceOr404, readDate, readRate, requireAmount } from './common.js'
import type { ActionContext, HandlerGroup } from '../types.js'
import { ActionError, paging, type Params, parseBool, parseInt10 } from '../../protocol/params.js'
import { formatCents, isoDate, parseCents } from '../../protocol/text.js'
import { defaultCurrency, findCurrency } from '../../store/currencies.js'
import type { Store } from '../../store/index.js'
import { findGateway, INVOICE_STATUSES, type InvoiceItemRecord, type InvoiceRecord, type InvoiceStatus, invoiceTotals, PAYMENT_GATEWAYS, taxTermsFor } from '../../store/invoices.js'
import type { JsonObject } from '../../types.js'

const NEVER = '0000-00-00 00:00:00'

/** A tax rate as WHMCS prints it ("20.000") from hundredths of a percent. */
function rateText (hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}0`
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

export const invoiceHandlers: HandlerGroup = {
  GetInvoices: getInvoices,
  GetInvoice: getInvoice,
  CreateInvoice: createInvoice,
  UpdateInvoice: updateInvoice,
  GenInvoices: genInvoices
}
