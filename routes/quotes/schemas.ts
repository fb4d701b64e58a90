// /quotes' WHMCS side and schemas: quotes with their lines. Every amount is a decimal string, in
// and out.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toList } from '../../src/whmcs/normalize.js'
import { component, int32, IsoDate, listOf, MoneyIn, ref } from '../../src/schemas/common.js'
import { ITEMS_MAX, Line } from '../invoices/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetQuotes: {
      params: { limitstart?: Int, limitnum?: Int, quoteid?: Int, userid?: Int, subject?: string, stage?: string }
      result: Paged & { quotes?: Loose }
    }
    CreateQuote: {
      params: {
        subject: string
        stage: string
        /** In the installation's date format (WHMCS_DATE_FORMAT). */
        validuntil: string
        datecreated?: string
        lineitems?: Array<{ desc: string, qty: string, up: string, discount?: string, taxable?: Flag }>
        userid?: Int
        firstname?: string
        lastname?: string
        companyname?: string
        email?: string
        state?: string
        country?: string
        currency?: Int
        proposal?: string
        customernotes?: string
        adminnotes?: string
      }
      result: { quoteid?: Loose }
    }
  }
}

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
