// Affiliate actions: GetAffiliates, AffiliateActivate.
//
// GetAffiliates answers every value as a string, counts included, as WHMCS documents it.

import { paging, ActionError } from '../protocol/params.js'
import type { AffiliateRecord } from '../store/affiliates.js'
import { formatCents, isoDate, isoDateTime } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

/** Cents from a decimal parameter ("15", "15.5", "15.00"); undefined when not one. */
function cents (text: string): number | undefined {
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined
  const [whole, fraction = ''] = text.split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

function affiliateRow (a: AffiliateRecord): JsonObject {
  return {
    id: String(a.id),
    date: a.date,
    clientid: String(a.clientId),
    visitors: String(a.visitors),
    paytype: a.payType,
    payamount: formatCents(a.payAmountCents),
    onetime: a.oneTime ? '1' : '0',
    balance: formatCents(a.balanceCents),
    withdrawn: formatCents(a.withdrawnCents),
    created_at: a.createdAt,
    updated_at: a.updatedAt
  }
}

function getAffiliates ({ params, store }: ActionContext): JsonObject {
  const { start: limitStart, num: limitNum } = paging(params)
  const given = (name: string): string | undefined => {
    const value = params.str(name)
    return value === undefined || value === '' ? undefined : value
  }
  const numbers: Array<[string, (a: AffiliateRecord) => number]> = [
    ['userid', a => a.clientId], ['visitors', a => a.visitors], ['onetime', a => a.oneTime ? 1 : 0]
  ]
  const amounts: Array<[string, (a: AffiliateRecord) => number]> = [
    ['payamount', a => a.payAmountCents], ['balance', a => a.balanceCents], ['withdrawn', a => a.withdrawnCents]
  ]
  const payType = given('paytype')?.toLowerCase()
  const matches = store.affiliates.filter(a =>
    numbers.every(([name, value]) => given(name) === undefined || value(a) === params.int(name)) &&
    amounts.every(([name, value]) => given(name) === undefined || value(a) === cents(given(name) ?? '')) &&
    (payType === undefined || a.payType === payType))
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: String(matches.length),
    startnumber: String(limitStart),
    numreturned: String(page.length),
    affiliates: { affiliate: page.map(affiliateRow) }
  }
}

function affiliateActivate ({ params, store, now }: ActionContext): JsonObject {
  const id = params.int('userid') ?? 0
  const client = id > 0 ? store.clients.get(id) : undefined
  if (client === undefined) throw new ActionError('Client ID not found')
  // A client that already is an affiliate keeps its record.
  if (store.affiliates.ofClient(client.id) === undefined) {
    const today = now()
    store.affiliates.insert({
      date: isoDate(today),
      clientId: client.id,
      visitors: 0,
      payType: '',
      payAmountCents: 0,
      oneTime: false,
      balanceCents: 0,
      withdrawnCents: 0,
      createdAt: isoDateTime(today),
      updatedAt: isoDateTime(today)
    })
  }
  return { result: 'success' }
}

export const affiliateHandlers: HandlerGroup = {
  GetAffiliates: getAffiliates,
  AffiliateActivate: affiliateActivate
}
