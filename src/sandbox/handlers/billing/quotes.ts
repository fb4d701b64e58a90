// Quote actions: GetQuotes and CreateQuote.

import { clientOr404 } from './common.js'
import type { ActionContext, HandlerGroup } from '../types.js'
import { ActionError, paging, parseBool } from '../../protocol/params.js'
import { formatCents, isoDate, parseCents } from '../../protocol/text.js'
import { QUOTE_STAGES, type QuoteItemRecord, type QuoteRecord, type QuoteStage } from '../../store/billing.js'
import type { Store } from '../../store/index.js'
import { percentOf, taxTermsFor, taxTotals, type TaxTotals } from '../../store/invoices.js'
import type { Json, JsonObject } from '../../types.js'

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

export const quoteHandlers: HandlerGroup = {
  GetQuotes: getQuotes,
  CreateQuote: createQuote
}
