// Billing: invoices with their lines and transactions, payments, credit, stored pay methods and
// quotes. Every amount is a decimal string, in and out: the facade never turns money into a
// JavaScript number.
import { Type, type Static } from 'typebox'
import { defineMapping, f } from '../whmcs/fields.js'
import { toList } from '../whmcs/normalize.js'
import { component, int32, IsoDate, listOf, MoneyIn, MoneyOut, ref } from './common.js'

/** The invoice statuses WHMCS has. */
export const INVOICE_STATUSES = ['Draft', 'Unpaid', 'Paid', 'Cancelled', 'Refunded', 'Collections', 'Payment Pending'] as const

const Rate = (description: string) =>
  Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3})?$', maxLength: 7, description, examples: ['20.00'] })
const IsoDateTime = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?Z?)?$', maxLength: 20, description: `${description} (a date, or a date and time in WHMCS's time zone)`, examples: ['2026-11-28T10:26:00'] })
const Gateway = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description, examples: ['banktransfer'] })
const Line = (description: string, example: string) => Type.String({ minLength: 1, maxLength: 1000, description, examples: [example] })

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

const ITEMS_MAX = 100

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

export const creditFields = defineMapping({
  id: f.id('id', 'Credit log entry id'),
  date: f.date('date', 'When the credit was added or taken'),
  description: f.text('description', 'Why', { examples: ['Goodwill credit'] }),
  amount: f.money('amount', 'Credit added (positive) or taken (negative)', { examples: ['25.00'] }),
  invoiceId: f.ref('relid', 'The invoice the credit came from or went to; null for none')
})

export const Credit = component('Credit', Type.Object(creditFields.properties(Object.keys(creditFields.fields) as Array<keyof typeof creditFields.fields>), {
  description: 'An entry of a client\'s credit log', additionalProperties: false
}))
export const CreditList = listOf('CreditList', Credit, 'A page of a client\'s credit log, oldest first')

export const CreditCreate = component('CreditCreate', Type.Object({
  type: Type.Optional(Type.Enum(['add', 'remove'], { type: 'string', default: 'add', description: 'Add credit, or take it away' })),
  amount: MoneyIn('The amount of credit to add or remove', '25.00'),
  description: Type.String({ minLength: 1, maxLength: 1000, description: 'Why (staff only)', examples: ['Goodwill credit for the outage'] }),
  date: Type.Optional(IsoDate('The date of the entry; today when left out'))
}, { description: 'Credit to add to or remove from a client', additionalProperties: false, examples: [{ amount: '25.00', description: 'Goodwill credit for the outage' }] }))

export const CreditBalance = component('CreditBalance', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'The client', examples: [1] }),
  balance: MoneyOut('The client\'s credit balance afterwards', ['50.00'])
}, { description: 'The client\'s new credit balance', additionalProperties: false }))

// ---------------------------------------------------------------- pay methods

export const PAY_METHOD_TYPES = ['CreditCard', 'RemoteCreditCard', 'BankAccount', 'RemoteBankAccount'] as const

export const payMethodFields = defineMapping({
  id: f.id('id', 'Pay method id'),
  type: f.text('type', `Kind of pay method: ${PAY_METHOD_TYPES.join(', ')}`, { maxLength: 32, examples: ['RemoteCreditCard'] }),
  description: f.text('description', 'Its name for the client', { maxLength: 255, examples: ['Personal Visa'] }),
  gateway: f.text('gateway_name', 'Gateway module holding it; empty when WHMCS stores it', { maxLength: 64, examples: ['stripe'] }),
  cardLastFour: f.text('card_last_four', 'Last four digits of the card; empty for a bank account', { maxLength: 4, examples: ['4242'] }),
  cardType: f.text('card_type', 'Card brand; empty for a bank account', { maxLength: 32, examples: ['Visa'] }),
  expiryDate: f.text('expiry_date', 'Card expiry (MM/YY); empty for a bank account', { maxLength: 5, examples: ['12/29'] }),
  bankName: f.text('bank_name', 'Name of the bank; empty for a card', { maxLength: 255, examples: ['Northern Bank'] })
})

export const PayMethod = component('PayMethod', Type.Object(payMethodFields.properties(Object.keys(payMethodFields.fields) as Array<keyof typeof payMethodFields.fields>), {
  description: 'A stored card or bank account. Card numbers are never shown beyond their last four digits', additionalProperties: false
}))
export const PayMethodList = listOf('PayMethodList', PayMethod, 'A page of a client\'s pay methods')

export const PayMethodCreate = component('PayMethodCreate', Type.Object({
  type: Type.Enum(['CreditCard', 'RemoteCreditCard', 'BankAccount'], { type: 'string', description: 'A card WHMCS stores, a card a gateway stores (tokenised), or a bank account' }),
  description: Type.Optional(Type.String({ maxLength: 255, description: 'Its name for the client', examples: ['Personal Visa'] })),
  gateway: Type.Optional(Gateway('Gateway module to store it with (required for RemoteCreditCard)')),
  cardNumber: Type.Optional(Type.String({ pattern: '^[0-9 ]{12,23}$', maxLength: 23, description: 'Card number; passed to WHMCS and never logged or returned', examples: ['4242424242424242'] })),
  cardExpiry: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])/?\\d{2}$', maxLength: 5, description: 'Card expiry, MMYY or MM/YY', examples: ['12/29'] })),
  cardStart: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])/?\\d{2}$', maxLength: 5, description: 'Card start date, MMYY or MM/YY' })),
  cardIssueNumber: Type.Optional(Type.String({ pattern: '^\\d{1,4}$', maxLength: 4, description: 'Card issue number' })),
  bankName: Type.Optional(Type.String({ maxLength: 255, description: 'Name of the bank', examples: ['Northern Bank'] })),
  bankAccountType: Type.Optional(Type.Enum(['Checking', 'Savings'], { type: 'string', description: 'Kind of bank account' })),
  bankCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{1,34}$', maxLength: 34, description: 'Routing number or sort code; never logged or returned' })),
  bankAccount: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{1,34}$', maxLength: 34, description: 'Account number; never logged or returned' })),
  setAsDefault: Type.Optional(Type.Boolean({ default: false, description: 'Make it the client\'s default pay method' }))
}, {
  description: 'A card or bank account to store for a client',
  additionalProperties: false,
  examples: [{ type: 'RemoteCreditCard', gateway: 'stripe', description: 'Personal Visa', cardNumber: '4242424242424242', cardExpiry: '12/29' }]
}))

export const PayMethodCreated = component('PayMethodCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new pay method', examples: [5] }),
  clientId: Type.Integer({ ...int32(1), description: 'The client it belongs to', examples: [1] })
}, { description: 'The pay method was stored', additionalProperties: false }))

// ---------------------------------------------------------------- quotes

export const QUOTE_STAGES = ['Draft', 'Delivered', 'On Hold', 'Accepted', 'Lost', 'Dead'] as const

export const quoteItemFields = defineMapping({
  id: f.id('id', 'Line id'),
  description: f.text('description', 'What the line offers', { examples: ['Mailbox migration'] }),
  quantity: f.money('quantity', 'Quantity, as a decimal', { examples: ['25'] }),
  unitPrice: f.money('unitprice', 'Price of one unit', { examples: ['12.00'] }),
  discount: f.money('discount', 'Discount on the line, in percent', { examples: ['0.00'] }),
  taxable: f.bool('taxable', 'Whether tax applies to the line')
})

export const QuoteItem = component('QuoteItem', Type.Object(quoteItemFields.properties(Object.keys(quoteItemFields.fields) as Array<keyof typeof quoteItemFields.fields>), {
  description: 'One line of a quote', additionalProperties: false
}))

export const quoteFields = defineMapping({
  id: f.id('id', 'Quote id'),
  subject: f.text('subject', 'Subject of the quote', { examples: ['Mail migration'] }),
  stage: f.text('stage', `Stage: ${QUOTE_STAGES.join(', ')}`, { maxLength: 32, examples: ['Draft'] }),
  clientId: f.ref('userid', 'The client quoted; null for a prospect who is not a client'),
  firstName: f.text('firstname', 'First name of a prospect', { maxLength: 255 }),
  lastName: f.text('lastname', 'Last name of a prospect', { maxLength: 255 }),
  companyName: f.text('companyname', 'Company of a prospect', { maxLength: 255 }),
  email: f.email('email', 'Email address of a prospect', { maxLength: 255 }),
  state: f.text('state', 'State or region of a prospect, where the quote is taxed', { maxLength: 255, examples: ['BC'] }),
  countryCode: f.text('country', 'ISO 3166-1 alpha-2 country code of a prospect, where the quote is taxed', { maxLength: 2, examples: ['CA'] }),
  validUntil: f.date('validuntil', 'Last day the quote holds'),
  subtotal: f.money('subtotal', 'Sum of the lines, before tax (less the tax they hold when prices include tax)', { examples: ['435.00'] }),
  tax1: f.money('tax1', 'First-level tax on the taxable lines, at the install\'s rate where the client lives', { examples: ['87.00'] }),
  tax2: f.money('tax2', 'Second-level tax on the taxable lines', { examples: ['0.00'] }),
  total: f.money('total', 'Amount of the quote, tax included', { examples: ['522.00'] }),
  proposal: f.text('proposal', 'The proposal text'),
  customerNotes: f.text('customernotes', 'Notes for the customer'),
  adminNotes: f.text('adminnotes', 'Notes for staff only'),
  dateCreated: f.date('datecreated', 'When the quote was made'),
  lastModified: f.date('lastmodified', 'When it was last changed'),
  items: f.custom('items', Type.Array(ref(QuoteItem), { maxItems: 1000, description: 'The lines of the quote' }),
    (v) => toList(v, 'item').map((item) => quoteItemFields.read(item)))
})

export const Quote = component('Quote', Type.Object(quoteFields.properties(Object.keys(quoteFields.fields) as Array<keyof typeof quoteFields.fields>), {
  description: 'A quote, with its lines and totals', additionalProperties: false
}))
export const QuoteList = listOf('QuoteList', Quote, 'A page of quotes, newest first')

export const QuoteLineCreate = component('QuoteLineCreate', Type.Object({
  description: Line('What the line offers', 'Mailbox migration'),
  quantity: Type.Optional(Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$', maxLength: 12, default: '1', description: 'Quantity, as a decimal', examples: ['25'] })),
  unitPrice: MoneyIn('Price of one unit', '12.00', { signed: true }),
  discount: Type.Optional(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', maxLength: 6, description: 'Discount in percent', examples: ['10'] })),
  taxable: Type.Optional(Type.Boolean({ default: false, description: 'Whether tax applies to the line' }))
}, { description: 'A line of a new quote', additionalProperties: false }))

export const QuoteCreate = component('QuoteCreate', Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 255, description: 'Subject of the quote', examples: ['Mail migration'] }),
  stage: Type.Enum(QUOTE_STAGES, { type: 'string', description: 'Stage of the quote' }),
  validUntil: IsoDate('Last day the quote holds', '2026-12-31'),
  dateCreated: Type.Optional(IsoDate('Date of the quote; today when left out')),
  clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'The client quoted; leave out for a prospect and give the name fields', examples: [1] })),
  firstName: Type.Optional(Type.String({ maxLength: 255, description: 'First name of a prospect' })),
  lastName: Type.Optional(Type.String({ maxLength: 255, description: 'Last name of a prospect' })),
  companyName: Type.Optional(Type.String({ maxLength: 255, description: 'Company of a prospect' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 255, description: 'Email address of a prospect' })),
  state: Type.Optional(Type.String({ maxLength: 255, description: 'State or region of a prospect, where the quote is taxed', examples: ['BC'] })),
  countryCode: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 country code of a prospect, where the quote is taxed', examples: ['CA'] })),
  currencyId: Type.Optional(Type.Integer({ ...int32(1), description: 'Currency of a prospect\'s quote', examples: [1] })),
  proposal: Type.Optional(Type.String({ maxLength: 65535, description: 'The proposal text' })),
  customerNotes: Type.Optional(Type.String({ maxLength: 65535, description: 'Notes for the customer' })),
  adminNotes: Type.Optional(Type.String({ maxLength: 65535, description: 'Notes for staff only' })),
  items: Type.Array(ref(QuoteLineCreate), { minItems: 1, maxItems: ITEMS_MAX, description: 'The lines of the quote' })
}, {
  description: 'A new quote',
  additionalProperties: false,
  examples: [{ subject: 'Mail migration', stage: 'Draft', validUntil: '2026-12-31', clientId: 1, items: [{ description: 'Mailbox migration', quantity: '25', unitPrice: '12.00', taxable: true }] }]
}))

export const QuoteCreated = component('QuoteCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new quote', examples: [4] })
}, { description: 'The quote created', additionalProperties: false }))

export type InvoiceUpdateT = Static<typeof InvoiceUpdate>
