// /promotions' WHMCS side and schemas: promotion codes and what they discount.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toCsvList } from '../../src/whmcs/normalize.js'
import { component, listOf } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetPromotions: {
      params: { code?: string }
      result: { totalresults?: Loose, promotions?: Loose }
    }
  }
}

export const PROMOTION_TYPES = ['Percentage', 'Fixed Amount', 'Price Override', 'Free Setup'] as const

const csv = (whmcs: string, description: string, examples: string[]) =>
  f.custom(whmcs, Type.Array(Type.String({ maxLength: 255 }), { description, examples: [examples] }), (v) => toCsvList(v))

/** The promotion fields, in the API's words and WHMCS's. */
export const promotionFields = defineMapping({
  id: f.id('id', 'Promotion id'),
  code: f.text('code', 'The code clients enter', { examples: ['SPRING10'] }),
  type: f.enum('type', PROMOTION_TYPES, 'How the discount works: a percentage off, a fixed amount off, a fixed price, or no setup fee'),
  recurring: f.bool('recurring', 'Whether the discount applies to renewals too, not only to the first payment'),
  value: f.money('value', 'The percentage (for Percentage) or the amount in the default currency (for Fixed Amount and Price Override)', { examples: ['10.00'] }),
  cycles: csv('cycles', 'Billing cycles it is limited to; empty for any', ['Monthly', 'Annually']),
  appliesTo: csv('appliesto', 'Product ids (`3`), addon ids (`A1`) and TLDs (`D.com`) it applies to', ['1', '2', 'D.com']),
  requires: csv('requires', 'Product ids, addon ids or TLDs that must be in the same order', ['1']),
  requiresExisting: f.bool('requiresexisting', 'Whether a required item the client already has counts'),
  startDate: f.date('startdate', 'First day it can be used; null for no start'),
  expirationDate: f.date('expirationdate', 'Last day it can be used; null for no end'),
  maxUses: f.count('maxuses', 'How many times it can be used; 0 for no limit'),
  uses: f.count('uses', 'How many times it has been used'),
  lifetimePromo: f.bool('lifetimepromo', 'Whether the discount stays with the service through upgrades and downgrades'),
  applyOnce: f.bool('applyonce', 'Whether it discounts only one item of an order'),
  newSignups: f.bool('newsignups', 'Whether only clients without earlier orders can use it'),
  existingClient: f.bool('existingclient', 'Whether only clients with an active service can use it'),
  oncePerClient: f.bool('onceperclient', 'Whether each client can use it only once'),
  recurFor: f.count('recurfor', 'For how many renewals a recurring discount lasts; 0 for ever'),
  upgrades: f.bool('upgrades', 'Whether it applies to upgrades'),
  notes: f.text('notes', 'Notes visible to staff only')
})

export const Promotion = component('Promotion', Type.Object(promotionFields.properties(Object.keys(promotionFields.fields) as Array<keyof typeof promotionFields.fields>), {
  description: 'A promotion code and the discount it gives',
  additionalProperties: false
}))

export const PromotionList = listOf('PromotionList', Promotion, 'A page of promotions')
