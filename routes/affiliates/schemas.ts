// The Affiliates resource: client accounts that refer new business, with their commission
// settings and balances.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toText } from '../../src/whmcs/normalize.js'
import { component, listOf } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetAffiliates: {
      params: { limitstart?: Int, limitnum?: Int, userid?: Int, paytype?: string }
      result: Paged & { affiliates?: Loose }
    }
    AffiliateActivate: {
      params: { userid: Int }
      result: Record<string, Loose>
    }
  }
}

/** How an affiliate's commission is worked out; WHMCS's empty value means the system default. */
export const PAY_TYPES = ['percentage', 'fixedamount'] as const
type PayType = typeof PAY_TYPES[number]

const readPayType = (v: unknown): PayType | null => {
  const s = toText(v).trim().toLowerCase()
  return PAY_TYPES.find((p) => p === s) ?? null
}

export const affiliateFields = defineMapping({
  id: f.id('id', 'Affiliate id'),
  clientId: f.id('clientid', 'The client account that is the affiliate'),
  date: f.date('date', 'When the account became an affiliate'),
  visitors: f.count('visitors', 'Visitors referred through the affiliate\'s link'),
  payType: f.custom('paytype', Type.Union([Type.Enum(PAY_TYPES, { type: 'string' }), Type.Null()], {
    description: 'How commission is worked out for this affiliate: a percentage of the sale or a fixed amount; null uses the system setting',
    examples: ['percentage']
  }), readPayType),
  payAmount: f.money('payamount', 'The affiliate\'s own commission rate or amount (per `payType`); 0.00 uses the system setting', { examples: ['15.00'] }),
  oneTime: f.bool('onetime', 'Whether commission is paid once per referral rather than on every renewal'),
  balance: f.money('balance', 'Commission earned and not yet withdrawn', { examples: ['15.00'] }),
  withdrawn: f.money('withdrawn', 'Commission paid out so far'),
  createdAt: f.dateTime('created_at', 'When the record was created; null on records older than WHMCS 8'),
  updatedAt: f.dateTime('updated_at', 'When the record was last changed; null on records older than WHMCS 8')
})

export const Affiliate = component('Affiliate', Type.Object(
  affiliateFields.properties(['id', 'clientId', 'date', 'visitors', 'payType', 'payAmount', 'oneTime', 'balance', 'withdrawn', 'createdAt', 'updatedAt']),
  { description: 'An affiliate: a client account paid commission for the business it refers', additionalProperties: false }))

export const AffiliateList = listOf('AffiliateList', Affiliate, 'A page of affiliates')
