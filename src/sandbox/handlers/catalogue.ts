// Catalogue actions: GetProducts and GetPromotions. Prices print as WHMCS prints tblpricing:
// a decimal string per cycle, "-1.00" for a cycle that is not offered; a product's prices are
// keyed by currency code. Only custom fields shown on the order form are listed, as WHMCS does.

import { phpSerialize } from '../protocol/php.js'
import {
  RECURRING_CYCLES, type ConfigOptionRecord, type Pricing, type ProductRecord, type PromotionRecord
} from '../store/catalogue.js'
import { CURRENCIES } from '../store/currencies.js'
import type { Store } from '../store/index.js'
import { formatCents } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

/** tblpricing's setup-fee columns, in the order of RECURRING_CYCLES. */
const SETUP_KEYS = ['msetupfee', 'qsetupfee', 'ssetupfee', 'asetupfee', 'bsetupfee', 'tsetupfee'] as const

/** One currency's prices; `unoffered` is what a missing price prints as. */
function pricingOut (pricing: Pricing, withAffixes: boolean, unoffered: string): JsonObject {
  const out: JsonObject = {}
  for (const currency of CURRENCIES) {
    const prices = pricing[currency.id]
    if (prices === undefined) continue
    const entry: JsonObject = withAffixes ? { prefix: currency.prefix, suffix: currency.suffix } : {}
    RECURRING_CYCLES.forEach((cycle, i) => { entry[SETUP_KEYS[i]] = formatCents(prices.setup[cycle]) })
    for (const cycle of RECURRING_CYCLES) {
      const price = prices.price[cycle]
      entry[cycle] = price === null ? unoffered : formatCents(price)
    }
    out[currency.code] = entry
  }
  return out
}

function configOptionOut (option: ConfigOptionRecord): JsonObject {
  return {
    id: option.id,
    name: option.name,
    type: String(option.type),
    minqty: option.minQty,
    maxqty: option.maxQty,
    options: {
      option: option.choices.filter(c => !c.hidden).map(choice => ({
        id: choice.id,
        name: choice.name,
        rawName: choice.name,
        recurring: 0,
        required: null,
        pricing: pricingOut(choice.pricing, false, '0.00')
      }))
    }
  }
}

function productOut (store: Store, product: ProductRecord): JsonObject {
  return {
    pid: product.id,
    gid: product.groupId,
    type: product.type,
    name: product.name,
    slug: product.slug,
    'product-url': `https://billing.example.com/store/${store.productGroups.get(product.groupId)?.slug ?? 'products'}/${product.slug}`,
    description: product.description,
    module: product.module,
    paytype: product.payType,
    allowqty: product.allowQty,
    quantity_available: product.stockControl ? product.quantityAvailable : 0,
    pricing: pricingOut(product.pricing, true, '-1.00'),
    customfields: {
      customfield: store.productCustomFields.ofProduct(product.id)
        .filter(f => f.showOnOrder && !f.adminOnly)
        .map(f => ({ id: f.id, name: f.name, description: f.description, required: f.required ? 'on' : '' }))
    },
    configoptions: {
      configoption: store.configOptions.ofProduct(product.id).filter(o => !o.hidden).map(configOptionOut)
    }
  }
}

function getProducts ({ params, store }: ActionContext): JsonObject {
  const pids = params.text('pid').split(',').map(p => p.trim()).filter(p => p !== '').map(Number)
  const gid = params.int('gid') ?? 0
  const module = params.text('module').toLowerCase()
  const products = store.products.filter(p =>
    (pids.length === 0 || pids.includes(p.id)) &&
    (gid === 0 || p.groupId === gid) &&
    (module === '' || p.module.toLowerCase() === module))
  return {
    result: 'success',
    totalresults: products.length,
    products: { product: products.map(p => productOut(store, p)) }
  }
}

const flag = (value: boolean): number => (value ? 1 : 0)
const date = (value: string | null): string => value ?? '0000-00-00'

function promotionOut (promo: PromotionRecord): JsonObject {
  const upgradeConfig: Json = { value: '0.00', type: '', discounttype: 'Percentage', configoptions: '' }
  return {
    id: promo.id,
    code: promo.code,
    type: promo.type,
    recurring: flag(promo.recurring),
    value: formatCents(promo.value),
    cycles: promo.cycles.join(','),
    appliesto: promo.appliesTo.join(','),
    requires: promo.requires.join(','),
    requiresexisting: flag(promo.requiresExisting),
    startdate: date(promo.startDate),
    expirationdate: date(promo.expirationDate),
    maxuses: promo.maxUses,
    uses: promo.uses,
    lifetimepromo: flag(promo.lifetimePromo),
    applyonce: flag(promo.applyOnce),
    newsignups: flag(promo.newSignups),
    existingclient: flag(promo.existingClient),
    onceperclient: flag(promo.oncePerClient),
    recurfor: promo.recurFor,
    upgrades: flag(promo.upgrades),
    upgradeconfig: phpSerialize(upgradeConfig),
    notes: promo.notes
  }
}

function getPromotions ({ params, store }: ActionContext): JsonObject {
  const code = params.text('code')
  const promotions = code === '' ? store.promotions.all() : [store.promotions.findByCode(code)].filter(p => p !== undefined)
  return {
    result: 'success',
    totalresults: promotions.length,
    promotions: { promotion: promotions.map(promotionOut) }
  }
}

export const catalogueHandlers: HandlerGroup = {
  GetProducts: getProducts,
  GetPromotions: getPromotions
}
