// /quotes: quotes for clients and prospects, with their lines.
import { Type } from 'typebox'
import type { WhmcsDateFormat } from '../../src/config.js'
import { itemRoute, listQuery, listRoute, resource, type AnyRoute } from '../../src/route/index.js'
import { QUOTE_STAGES, Quote, QuoteCreate, QuoteCreated, QuoteList, quoteFields } from './schemas.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { whmcsDate } from '../../src/whmcs/encode.js'
import { toId } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Billing'

export interface QuoteRoutesOptions {
  /** The installation's date format (WHMCS_DATE_FORMAT), in which CreateQuote reads its dates. */
  dateFormat: WhmcsDateFormat
}

export function routes (opts: QuoteRoutesOptions): AnyRoute[] {
  return [
    listRoute({
      method: 'GET',
      url: '/quotes',
      operationId: 'listQuotes',
      summary: 'List quotes',
      description: 'Pages through quotes, newest first, optionally only those of one client, in one stage, or with a text in their subject.',
      group,
      action: 'GetQuotes',
      query: listQuery({
        clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only quotes of this client', examples: [5] })),
        stage: Type.Optional(Type.Enum(QUOTE_STAGES, { type: 'string', description: 'Only quotes in this stage' })),
        subject: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Only quotes whose subject contains this', examples: ['migration'] }))
      }),
      response: QuoteList,
      responseDescription: 'A page of quotes',
      request: ({ query }) => ({ userid: query.clientId, stage: query.stage, subject: query.subject }),
      rows: { key: 'quotes', item: 'quote', paging: 'whmcs' },
      read: (q) => quoteFields.read(q)
    }),

    itemRoute({
      method: 'GET',
      url: '/quotes/:id',
      operationId: 'getQuote',
      summary: 'Get a quote',
      description: 'Returns one quote with its lines and totals.',
      group,
      action: 'GetQuotes',
      params: IdPathParams('Quote id'),
      status: 200,
      response: ref(Quote),
      responseDescription: 'The quote',
      request: ({ params }) => ({ quoteid: params.id }),
      pick: { key: 'quotes', item: 'quote', notFound: ({ params }) => `Quote ${params.id} does not exist` },
      read: (quote) => quoteFields.read(quote)
    }),

    itemRoute({
      method: 'POST',
      url: '/quotes',
      operationId: 'createQuote',
      summary: 'Create a quote',
      description: 'Creates a quote for a client, or for a prospect named by the name and email fields. WHMCS taxes its taxable lines at the install\'s rates where the client (or the prospect, by `state` and `countryCode`) lives. Dates are ISO 8601; the service sends them to WHMCS in the install\'s date format (WHMCS_DATE_FORMAT).',
      group,
      action: 'CreateQuote',
      idempotencyKey: 'required',
      body: ref(QuoteCreate),
      status: 201,
      response: ref(QuoteCreated),
      responseDescription: 'The quote was created; `Location` points at it',
      request: ({ body }) => ({
        subject: body.subject,
        stage: body.stage,
        validuntil: whmcsDate(body.validUntil, opts.dateFormat),
        datecreated: body.dateCreated === undefined ? undefined : whmcsDate(body.dateCreated, opts.dateFormat),
        lineitems: body.items.map((item) => ({ desc: item.description, qty: item.quantity ?? '1', up: item.unitPrice, discount: item.discount, taxable: item.taxable })),
        userid: body.clientId,
        firstname: body.firstName,
        lastname: body.lastName,
        companyname: body.companyName,
        email: body.email,
        state: body.state,
        country: body.countryCode,
        currency: body.currencyId,
        proposal: body.proposal,
        customernotes: body.customerNotes,
        adminnotes: body.adminNotes
      }),
      map: (raw) => ({ id: toId(raw.quoteid, 'quoteid') }),
      location: (out) => `/quotes/${out.id}`
    })
  ]
}

export default resource({ schemas, routes: ({ settings }) => routes({ dateFormat: settings.whmcsDateFormat }) })
