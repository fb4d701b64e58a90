// /invoices' WHMCS side and schemas: invoices with their lines and transactions, payments and
// captures. Every amount is a decimal string, in and out: the facade never turns money into a
// JavaScript number.
import { Type, type Static } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toList } from '../../src/whmcs/normalize.js'
import { component, int32, IsoDate, listOf, MoneyIn, ref } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetInvoices: {
      params: {
        limitstart?: Int
        limitnum?: Int
        userid?: Int
        status?: string
        orderby?: 'id' | 'invoicenumber' | 'date' | 'duedate' | 'total' | 'status'
        order?: 'asc' | 'desc'
      }
      result: Paged & { invoices?: Loose }
    }
    GetInvoice: {
      params: { invoiceid: Int }
      result: Record<string, Loose> & { items?: Loose, transactions?: Loose }
    }
    CreateInvoice: {
      /** Lines are numbered from 1: itemdescription1, itemamount1, itemtaxed1... */
      params: {
        userid: Int
        status?: string
        draft?: Flag
        sendinvoice?: Flag
        paymentmethod?: string
        taxrate?: string
        taxrate2?: string
        date?: string
        duedate?: string
        notes?: string
        autoapplycredit?: Flag
        [item: `item${'description' | 'amount' | 'taxed'}${number}`]: string | Flag | undefined
      }
      result: { invoiceid?: Loose, status?: Loose }
    }
    UpdateInvoice: {
      params: {
        invoiceid: Int
        status?: string
        paymentmethod?: string
        taxrate?: string
        taxrate2?: string
        credit?: string
        date?: string
        duedate?: string
        datepaid?: string
        notes?: string
        /** Existing lines, keyed by line id. */
        itemdescription?: Record<string, string>
        itemamount?: Record<string, string>
        itemtaxed?: Record<string, Flag>
        newitemdescription?: string[]
        newitemamount?: string[]
        newitemtaxed?: Flag[]
        deletelineids?: Int[]
        publish?: Flag
        publishandsendemail?: Flag
      }
      result: { invoiceid?: Loose }
    }
    AddInvoicePayment: {
      params: { invoiceid: Int, transid: string, gateway: string, date: string, amount?: string, fees?: string, noemail?: Flag }
      result: Record<string, Loose>
    }
    CapturePayment: {
      params: { invoiceid: Int, cvv?: string }
      result: Record<string, Loose>
    }
    GenInvoices: {
      /** The id lists are PHP arrays (serviceids[0]=1): WHMCS ignores them when sent as comma-separated text. */
      params: { noemails?: Flag, clientid?: Int, serviceids?: Int[], domainids?: Int[], addonids?: Int[] }
      result: { numcreated?: Loose }
    }
  }
}

/** The invoice statuses WHMCS has. */
export const INVOICE_STATUSES = ['Draft', 'Unpaid', 'Paid', 'Cancelled', 'Refunded', 'Collections', 'Payment Pending'] as const

const Rate = (description: string) =>
  Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3})?$', maxLength: 7, description, examples: ['20.00'] })
const IsoDateTime = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?Z?)?$', maxLength: 20, description: `${description} (a date, or a date and time in WHMCS's time zone)`, examples: ['2026-11-28T10:26:00'] })
export const Gateway = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description, examples: ['banktransfer'] })
export const Line = (description: string, example: string) => Type.String({ minLength: 1, maxLength: 1000, description, examples: [example] })

// ---------------------------------------------------------------- invoices

export const invoiceItemFields = defineMapping({
  id: f.id('id', 'Line id'),
  type: f.text('type', 'What the line bills (`Hosting`, `Domain`, `Addon`..., empty for a free-text line)', { maxLength: 32, examples: ['Hosting'] }),
  relId: f.ref('relid', 'Id of the service, domain or addon the line bills; null for a free-text line'),
  description: f.text('description', 'The line as the client reads it', { examples: ['Web hosting (28/11/2026 - 27/12/2026)'] }),
  amount: f.money('amount', 'Amount of the line, before tax', { examples: ['15.95'] }),
  taxed: f.bool('taxed', 'Whether tax applies to the line')
})

export const InvoiceItem = component('InvoiceItem', Type.Object(invoiceItemFields.properties(Object.keys(invoiceItemFields.fields) as Array<keyof typeof invoiceItemFields.fields>), {
  description: 'One line of an invoice', additionalProperties: false
}))

export const transactionFields = defineMapping({
  id: f.id('id', 'Transaction id'),
  date: f.dateTime('date', 'When the payment was made'),
  gateway: f.text('gateway', 'Payment gateway module that took it', { maxLength: 64, examples: ['paypal'] }),
  transactionId: f.text('transid', 'The gateway\'s own reference', { maxLength: 255, examples: ['TXN-20261128-1'] }),
  description: f.text('description', 'What the transaction is', { maxLength: 255, examples: ['Invoice Payment (#1)'] }),
  amountIn: f.money('amountin', 'Amount received', { examples: ['15.95'] }),
  amountOut: f.money('amountout', 'Amount paid out (refunds)', { examples: ['0.00'] }),
  fees: f.money('fees', 'What the gateway kept as its fee', { examples: ['0.65'] })
})

export const InvoiceTransaction = component('InvoiceTransaction', Type.Object(transactionFields.properties(Object.keys(transactionFields.fields) as Array<keyof typeof transactionFields.fields>), {
  description: 'A payment (or refund) recorded against an invoice', additionalProperties: false
}))

export const invoiceFields = defineMapping({
  id: f.id('id', 'Invoice id', { aliases: ['invoiceid'] }),
  invoiceNum: f.text('invoicenum', 'The sequential invoice number; empty when the id is the number', { maxLength: 128, examples: ['INV-2026-0042'] }),
  clientId: f.id('userid', 'Id of the client billed'),
  date: f.date('date', 'Date of the invoice'),
  dueDate: f.date('duedate', 'When payment is due'),
  datePaid: f.dateTime('datepaid', 'When the invoice was paid in full; null while it is not'),
  status: f.text('status', `Invoice status: ${INVOICE_STATUSES.join(', ')}`, { maxLength: 32, examples: ['Unpaid'] }),
  paymentMethod: f.text('paymentmethod', 'Payment gateway module the client pays with', { maxLength: 64, examples: ['paypal'] }),
  subtotal: f.money('subtotal', 'Sum of the lines, before tax', { examples: ['15.95'] }),
  credit: f.money('credit', 'Credit applied to the invoice', { examples: ['0.00'] }),
  tax: f.money('tax', 'First-level tax', { examples: ['3.19'] }),
  tax2: f.money('tax2', 'Second-level tax', { examples: ['0.00'] }),
  total: f.money('total', 'Amount of the invoice, tax included', { examples: ['19.14'] }),
  taxRate: f.money('taxrate', 'First-level tax rate, in percent', { examples: ['20.000'] }),
  taxRate2: f.money('taxrate2', 'Second-level tax rate, in percent', { examples: ['0.000'] }),
  notes: f.text('notes', 'Notes printed on the invoice'),
  currencyCode: f.text('currencycode', 'ISO 4217 code of the client\'s currency', { maxLength: 3, examples: ['USD'] }),
  balance: f.money('balance', 'What is left to pay', { examples: ['19.14'] }),
  ccGateway: f.bool('ccgateway', 'Whether the payment method is a card gateway a capture can be attempted with'),
  items: f.custom('items', Type.Array(ref(InvoiceItem), { maxItems: 1000, description: 'The lines of the invoice' }),
    (v) => toList(v, 'item').map((item) => invoiceItemFields.read(item))),
  // WHMCS sends "" when there are none.
  transactions: f.custom('transactions', Type.Array(ref(InvoiceTransaction), { maxItems: 1000, description: 'Payments recorded against the invoice' }),
    (v) => toList(v, 'transaction').map((t) => transactionFields.read(t)))
})

export const INVOICE_SUMMARY_KEYS = ['id', 'invoiceNum', 'clientId', 'date', 'dueDate', 'datePaid', 'status', 'paymentMethod', 'subtotal', 'credit', 'tax', 'tax2', 'total', 'taxRate', 'taxRate2', 'notes', 'currencyCode'] as const
export const INVOICE_KEYS = ['id', 'invoiceNum', 'clientId', 'date', 'dueDate', 'datePaid', 'status', 'paymentMethod', 'subtotal', 'credit', 'tax', 'tax2', 'total', 'balance', 'taxRate', 'taxRate2', 'notes', 'ccGateway', 'items', 'transactions'] as const

export const InvoiceSummary = component('InvoiceSummary', Type.Object(invoiceFields.properties(INVOICE_SUMMARY_KEYS), {
  description: 'An invoice as lists show it: its totals, without its lines', additionalProperties: false
}))
export const Invoice = component('Invoice', Type.Object(invoiceFields.properties(INVOICE_KEYS), {
  description: 'An invoice with its lines, totals, balance and payments', additionalProperties: false
}))
export const InvoiceList = listOf('InvoiceList', InvoiceSummary, 'A page of invoices')

export const ITEMS_MAX = 100

export const InvoiceLineCreate = component('InvoiceLineCreate', Type.Object({
  description: Line('The line as the client reads it', 'Consulting, November'),
  amount: MoneyIn('Amount of the line, before tax (negative for a discount)', '150.00', { signed: true }),
  taxed: Type.Optional(Type.Boolean({ default: false, description: 'Whether tax applies to the line' }))
}, { description: 'A new invoice line', additionalProperties: false }))

export const InvoiceCreate = component('InvoiceCreate', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'The client to bill', examples: [1] }),
  draft: Type.Optional(Type.Boolean({ default: false, description: 'Create it as a Draft, to publish later' })),
  status: Type.Optional(Type.Enum(['Unpaid', 'Paid', 'Cancelled'], { type: 'string', default: 'Unpaid', description: 'Status of a non-draft invoice' })),
  sendEmail: Type.Optional(Type.Boolean({ default: false, description: 'Send the client the Invoice Created email (not with `draft`)' })),
  paymentMethod: Type.Optional(Gateway('Payment gateway module; the client\'s default when left out')),
  taxRate: Type.Optional(Rate('First-level tax rate in percent, replacing the install\'s')),
  taxRate2: Type.Optional(Rate('Second-level tax rate in percent, replacing the install\'s')),
  date: Type.Optional(IsoDate('Date of the invoice; today when left out')),
  dueDate: Type.Optional(IsoDate('When payment is due; today when left out', '2026-12-12')),
  notes: Type.Optional(Type.String({ maxLength: 5000, description: 'Notes printed on the invoice' })),
  applyCredit: Type.Optional(Type.Boolean({ default: false, description: 'Pay it from the client\'s credit balance as far as it goes' })),
  items: Type.Array(ref(InvoiceLineCreate), { minItems: 1, maxItems: ITEMS_MAX, description: 'The lines of the invoice' })
}, {
  description: 'A new invoice',
  additionalProperties: false,
  examples: [{ clientId: 1, dueDate: '2026-12-12', taxRate: '20.00', items: [{ description: 'Consulting, November', amount: '150.00', taxed: true }, { description: 'Loyalty discount', amount: '-15.00' }] }]
}))

export const InvoiceCreated = component('InvoiceCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new invoice', examples: [8] }),
  status: Type.String({ maxLength: 32, description: 'Its status', examples: ['Unpaid'] })
}, { description: 'The invoice created', additionalProperties: false }))

export const InvoiceLineUpdate = component('InvoiceLineUpdate', Type.Object({
  id: Type.Optional(Type.Integer({ ...int32(1), description: 'Id of the line to change; left out for a new line', examples: [1] })),
  description: Line('The line as the client reads it', 'Consulting, November'),
  amount: MoneyIn('Amount of the line, before tax', '150.00', { signed: true }),
  taxed: Type.Optional(Type.Boolean({ default: false, description: 'Whether tax applies to the line' }))
}, { description: 'A line to change (with its `id`) or to add (without one)', additionalProperties: false }))

export const InvoiceUpdate = component('InvoiceUpdate', Type.Object({
  status: Type.Optional(Type.Enum(INVOICE_STATUSES, { type: 'string', description: 'New status' })),
  paymentMethod: Type.Optional(Gateway('Payment gateway module')),
  taxRate: Type.Optional(Rate('First-level tax rate in percent')),
  taxRate2: Type.Optional(Rate('Second-level tax rate in percent')),
  credit: Type.Optional(MoneyIn('Credit applied to the invoice', '0.00')),
  date: Type.Optional(IsoDate('Date of the invoice')),
  dueDate: Type.Optional(IsoDate('When payment is due', '2026-12-12')),
  datePaid: Type.Optional(IsoDateTime('When the invoice was paid')),
  notes: Type.Optional(Type.String({ maxLength: 5000, description: 'Notes printed on the invoice' })),
  items: Type.Optional(Type.Array(ref(InvoiceLineUpdate), { maxItems: ITEMS_MAX, description: 'Lines to change (with their `id`) or add (without)' })),
  deleteLineIds: Type.Optional(Type.Array(Type.Integer(int32(1)), { maxItems: ITEMS_MAX, uniqueItems: true, description: 'Ids of the lines to remove', examples: [[12]] })),
  publish: Type.Optional(Type.Boolean({ default: false, description: 'Publish a Draft invoice (it becomes Unpaid)' })),
  publishAndSendEmail: Type.Optional(Type.Boolean({ default: false, description: 'Publish a Draft invoice and email it to the client' }))
}, {
  description: 'Changes to an invoice; what is left out stays as it is',
  additionalProperties: false,
  examples: [{ notes: 'Thank you for your business.', items: [{ description: 'Setup assistance', amount: '25.00', taxed: true }] }]
}))

export const PaymentCreate = component('PaymentCreate', Type.Object({
  transactionId: Type.String({ minLength: 1, maxLength: 255, description: 'The gateway\'s reference of the payment', examples: ['TXN-20261128-5'] }),
  gateway: Gateway('Payment gateway module that took it'),
  date: IsoDateTime('When the payment was made'),
  amount: Type.Optional(MoneyIn('Amount paid; the whole balance when left out. Beyond the balance, the rest becomes client credit', '10.00')),
  fees: Type.Optional(MoneyIn('What the gateway kept as its fee', '0.35')),
  noEmail: Type.Optional(Type.Boolean({ default: false, description: 'Do not send the payment confirmation email' }))
}, {
  description: 'A payment received for an invoice',
  additionalProperties: false,
  examples: [{ transactionId: 'TXN-20261128-5', gateway: 'banktransfer', date: '2026-11-28T10:26:00', amount: '5.00' }]
}))

export const PaymentRecorded = component('PaymentRecorded', Type.Object({
  invoiceId: Type.Integer({ ...int32(1), description: 'The invoice paid', examples: [5] }),
  transactionId: Type.String({ maxLength: 255, description: 'The gateway\'s reference of the payment', examples: ['TXN-20261128-5'] }),
  amount: Type.Union([MoneyIn('Amount recorded', '10.00'), Type.Null()], { description: 'Amount recorded; null when the payment was for the whole balance', examples: ['10.00'] })
}, { description: 'The payment was recorded; read the invoice for its new balance and status', additionalProperties: false }))

export const CaptureRequest = component('CaptureRequest', Type.Object({
  cvv: Type.Optional(Type.String({ pattern: '^\\d{3,4}$', maxLength: 4, description: 'Card security code, where the gateway needs it' }))
}, { description: 'A capture of the invoice\'s balance from the client\'s stored card', additionalProperties: false, examples: [{}] }))

export const GenerateInvoices = component('GenerateInvoices', Type.Object({
  clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only this client\'s items', examples: [1] })),
  serviceIds: Type.Optional(Type.Array(Type.Integer(int32(1)), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'Invoice these services now, due or not; with any of the id lists, only the items listed are invoiced', examples: [[1]] })),
  domainIds: Type.Optional(Type.Array(Type.Integer(int32(1)), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'Invoice these domains now, due or not', examples: [[1]] })),
  addonIds: Type.Optional(Type.Array(Type.Integer(int32(1)), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'Invoice these service addons now, due or not', examples: [[1]] })),
  noEmails: Type.Optional(Type.Boolean({ default: false, description: 'Do not email the new invoices' }))
}, { description: 'What to invoice: everything due when empty', additionalProperties: false, examples: [{ clientId: 1 }] }))

export const InvoicesGenerated = component('InvoicesGenerated', Type.Object({
  created: Type.Integer({ ...int32(0), description: 'Number of invoices created', examples: [1] })
}, { description: 'The invoicing run finished', additionalProperties: false }))

// ---------------------------------------------------------------- credit

export type InvoiceUpdateT = Static<typeof InvoiceUpdate>
