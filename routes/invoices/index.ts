// /invoices: invoices, their payments and captures, and the invoicing run.
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource, sortColumn, sortQuery } from '../../src/route/index.js'
import { CaptureRequest, GenerateInvoices, INVOICE_KEYS, INVOICE_STATUSES, INVOICE_SUMMARY_KEYS, Invoice, InvoiceCreate, InvoiceCreated, InvoiceList, InvoicesGenerated, InvoiceUpdate, PaymentCreate, PaymentRecorded, invoiceFields, type InvoiceUpdateT } from './schemas.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import type { ActionParams } from '../../src/whmcs/actions.js'
import { whmcsDateTime } from '../../src/whmcs/encode.js'
import { toCount, toId, toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Billing'

// API sort keys and the WHMCS columns they order by.
const ORDER_BY = { id: 'id', invoiceNum: 'invoicenumber', date: 'date', dueDate: 'duedate', total: 'total', status: 'status' } as const

/** CreateInvoice's numbered lines: itemdescription1, itemamount1, itemtaxed1, ... */
function numberedLines (items: ReadonlyArray<{ description: string, amount: string, taxed?: boolean }>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {}
  items.forEach((item, i) => {
    out[`itemdescription${i + 1}`] = item.description
    out[`itemamount${i + 1}`] = item.amount
    out[`itemtaxed${i + 1}`] = item.taxed ?? false
  })
  return out
}

/** UpdateInvoice's lines: existing ones keyed by their id, new ones as parallel arrays. */
function updateParams (id: number, body: InvoiceUpdateT): ActionParams<'UpdateInvoice'> {
  const existing = (body.items ?? []).filter((item) => item.id !== undefined)
  const added = (body.items ?? []).filter((item) => item.id === undefined)
  const byId = <T>(value: (item: typeof existing[number]) => T): Record<string, T> | undefined =>
    existing.length === 0 ? undefined : Object.fromEntries(existing.map((item) => [String(item.id), value(item)]))
  const list = <T>(value: (item: typeof added[number]) => T): T[] | undefined => added.length === 0 ? undefined : added.map(value)
  return {
    invoiceid: id,
    status: body.status,
    paymentmethod: body.paymentMethod,
    taxrate: body.taxRate,
    taxrate2: body.taxRate2,
    credit: body.credit,
    date: body.date,
    duedate: body.dueDate,
    datepaid: body.datePaid === undefined ? undefined : whmcsDateTime(body.datePaid),
    notes: body.notes,
    itemdescription: byId((item) => item.description),
    itemamount: byId((item) => item.amount),
    itemtaxed: byId((item) => item.taxed ?? false),
    newitemdescription: list((item) => item.description),
    newitemamount: list((item) => item.amount),
    newitemtaxed: list((item) => item.taxed ?? false),
    deletelineids: body.deleteLineIds,
    publish: body.publish,
    publishandsendemail: body.publishAndSendEmail
  }
}

export const routes = [
  listRoute({
    method: 'GET',
    url: '/invoices',
    operationId: 'listInvoices',
    summary: 'List invoices',
    description: 'Pages through invoices with their totals, optionally only those of one client or in one status (`Overdue` selects unpaid invoices past their due date).',
    group,
    action: 'GetInvoices',
    query: listQuery({
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only invoices of this client', examples: [1] })),
      status: Type.Optional(Type.Enum([...INVOICE_STATUSES, 'Overdue'], { type: 'string', description: 'Only invoices in this status; `Overdue` for unpaid ones past due' })),
      ...sortQuery(ORDER_BY)
    }),
    response: InvoiceList,
    responseDescription: 'A page of invoices',
    request: ({ query }) => ({
      userid: query.clientId,
      status: query.status,
      orderby: sortColumn(ORDER_BY, query.orderBy),
      order: query.order ?? 'asc'
    }),
    rows: { key: 'invoices', item: 'invoice', paging: 'whmcs' },
    read: (i) => invoiceFields.read(i, INVOICE_SUMMARY_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/invoices/:id',
    operationId: 'getInvoice',
    summary: 'Get an invoice',
    description: 'Returns one invoice with its lines, totals, credit applied, balance left to pay and the payments recorded against it.',
    group,
    action: 'GetInvoice',
    params: IdPathParams('Invoice id'),
    status: 200,
    response: ref(Invoice),
    responseDescription: 'The invoice',
    request: ({ params }) => ({ invoiceid: params.id }),
    map: (raw) => invoiceFields.read(raw, INVOICE_KEYS)
  }),

  itemRoute({
    method: 'POST',
    url: '/invoices',
    operationId: 'createInvoice',
    summary: 'Create an invoice',
    description: 'Creates an invoice for a client from free-text lines, Unpaid unless asked otherwise or created as a Draft. Tax applies to the lines marked `taxed`. With `applyCredit`, the client\'s credit pays what it can of it at once.',
    group,
    action: 'CreateInvoice',
    idempotencyKey: 'required',
    body: ref(InvoiceCreate),
    status: 201,
    response: ref(InvoiceCreated),
    responseDescription: 'The invoice was created; `Location` points at it',
    request: ({ body }) => ({
      userid: body.clientId,
      draft: body.draft,
      status: body.draft === true ? undefined : body.status,
      sendinvoice: body.sendEmail,
      paymentmethod: body.paymentMethod,
      taxrate: body.taxRate,
      taxrate2: body.taxRate2,
      date: body.date,
      duedate: body.dueDate,
      notes: body.notes,
      autoapplycredit: body.applyCredit,
      ...numberedLines(body.items)
    }),
    map: (raw) => ({ id: toId(raw.invoiceid, 'invoiceid'), status: toText(raw.status, 'status') }),
    location: (out) => `/invoices/${out.id}`
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/invoices/:id',
    operationId: 'updateInvoice',
    summary: 'Update an invoice',
    description: 'Changes an invoice: its status, dates, tax rates, notes and lines (lines with an `id` are changed, lines without one are added, `deleteLineIds` are removed), or publishes a Draft. Its totals are computed again from the lines.',
    group,
    action: 'UpdateInvoice',
    params: IdPathParams('Invoice id', 7),
    body: ref(InvoiceUpdate),
    responseDescription: 'The invoice was updated',
    request: ({ params, body }) => updateParams(params.id, body)
  }),

  itemRoute({
    method: 'POST',
    url: '/invoices/:id/payments',
    operationId: 'addInvoicePayment',
    summary: 'Record a payment',
    description: 'Records a payment received for an invoice. It becomes Paid when nothing is left to pay; a partial payment leaves it Unpaid; what exceeds the balance becomes client credit. A Cancelled invoice takes no payment (409).',
    group,
    action: 'AddInvoicePayment',
    idempotencyKey: 'required',
    params: IdPathParams('Invoice id', 5),
    body: ref(PaymentCreate),
    status: 201,
    response: ref(PaymentRecorded),
    responseDescription: 'The payment was recorded; `Location` points at the invoice',
    request: ({ params, body }) => ({
      invoiceid: params.id,
      transid: body.transactionId,
      gateway: body.gateway,
      date: whmcsDateTime(body.date),
      amount: body.amount,
      fees: body.fees,
      noemail: body.noEmail
    }),
    map: (_raw, { params, body }) => ({ invoiceId: params.id, transactionId: body.transactionId, amount: body.amount ?? null }),
    location: (out) => `/invoices/${out.invoiceId}`
  }),

  emptyRoute({
    method: 'POST',
    url: '/invoices/:id/capture',
    operationId: 'captureInvoicePayment',
    summary: 'Charge the stored card',
    description: 'Charges the balance of an Unpaid invoice to the client\'s stored card through its gateway. Answers 409 when the invoice is not Unpaid (WHMCS does not tell that apart from one that does not exist), and 402 `PAYMENT_DECLINED` with WHMCS\'s `Payment Attempt Failed` when the gateway declines the card or the client has none stored; the invoice then stays Unpaid.',
    group,
    action: 'CapturePayment',
    idempotencyKey: 'required',
    params: IdPathParams('Invoice id', 5),
    body: ref(CaptureRequest),
    failure: 'PAYMENT_DECLINED',
    problems: { 402: 'The gateway declined the card, or the client has none stored (PAYMENT_DECLINED; `detail`: WHMCS\'s text, such as Payment Attempt Failed)' },
    responseDescription: 'The balance was charged and the invoice is Paid',
    request: ({ params, body }) => ({ invoiceid: params.id, cvv: body.cvv })
  }),

  itemRoute({
    method: 'POST',
    url: '/invoices/generate',
    operationId: 'generateInvoices',
    summary: 'Invoice what is due',
    description: 'Runs WHMCS\'s invoicing: every service, service addon and domain whose next due date falls within the install\'s invoice-generation days is invoiced for its next period, never twice for the same period. A client\'s items with the same due date and payment method share an invoice (one invoice per item for a client set to separate invoices), and the client\'s credit pays it as far as it goes. `clientId` narrows the run to one client; naming services, addons or domains invoices just those, due or not (an early renewal invoice).',
    group,
    action: 'GenInvoices',
    idempotencyKey: 'required',
    body: ref(GenerateInvoices),
    status: 200,
    response: ref(InvoicesGenerated),
    responseDescription: 'The number of invoices created',
    request: ({ body }) => ({
      clientid: body.clientId,
      serviceids: body.serviceIds,
      domainids: body.domainIds,
      addonids: body.addonIds,
      noemails: body.noEmails
    }),
    map: (raw) => ({ created: toCount(raw.numcreated, 0) })
  })
]

export default resource({ schemas, routes })
