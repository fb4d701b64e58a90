// Pricing as WHMCS's cart does it: config options, promotions and their discounts, the period a
// line bills, and a service's recurring price at the catalogue's prices. Placing an order and
// UpdateClientProduct's autorecalc price with the same code. Money is integer cents throughout.

import {
  CONFIG_OPTION_TYPES, CYCLE_LABELS, cyclePrice,
  type ConfigOptionRecord, type Cycle, type ProductRecord, type PromotionRecord
} from '../store/catalogue.js'
import type { ClientRecord } from '../store/clients.js'
import { convertFromDefault } from '../store/currencies.js'
import { percentOf, type InvoiceItemRecord } from '../store/invoices.js'
import type { ServiceRecord } from '../store/services.js'
import type { Store } from '../store/index.js'
import { addDays, addMonths, displayDate, formatCents } from '../protocol/text.js'

/** An invoice line before the invoice numbers it. */
export type Line = Omit<InvoiceItemRecord, 'id'>

/** The last day a cycle bought on `from` covers. */
function periodEnd (from: string, months: number): string {
  return addDays(addMonths(from, months), -1)
}

/** The period a line bills, as WHMCS prints it: ' (01/02/2026 - 28/02/2026)'. */
export function periodText (from: string, months: number): string {
  return ` (${displayDate(from)} - ${displayDate(periodEnd(from, months))})`
}

/** Whether a promotion may be used by this client today. Unusable codes are ignored, as WHMCS does. */
export function usablePromotion (store: Store, promo: PromotionRecord | undefined, client: ClientRecord, today: string): PromotionRecord | undefined {
  if (promo === undefined) return undefined
  if (promo.startDate !== null && promo.startDate > today) return undefined
  if (promo.expirationDate !== null && promo.expirationDate < today) return undefined
  if (promo.maxUses > 0 && promo.uses >= promo.maxUses) return undefined
  const orders = store.orders.ofClient(client.id)
  if (promo.newSignups && orders.length > 0) return undefined
  if (promo.existingClient && !store.services.ofClient(client.id).some(s => s.status === 'Active')) return undefined
  if (promo.oncePerClient && orders.some(o => o.promoCode.toLowerCase() === promo.code.toLowerCase())) return undefined
  return promo
}

export interface Discount {
  /** Taken off the first payment. */
  first: number
  /** Taken off every renewal. */
  recurring: number
}

/** What a promotion takes off an item priced `price` + `setup`, in the client's currency. */
export function discountOf (promo: PromotionRecord, price: number, setup: number, currencyId: number): Discount {
  let first: number
  switch (promo.type) {
    case 'Percentage':
      first = percentOf(price, promo.value)
      break
    case 'Fixed Amount':
      first = Math.min(price, convertFromDefault(promo.value, currencyId))
      break
    case 'Price Override':
      first = Math.max(0, price - convertFromDefault(promo.value, currencyId))
      break
    case 'Free Setup':
      return { first: setup, recurring: 0 }
  }
  return { first, recurring: promo.recurring ? first : 0 }
}

export function promoLine (promo: PromotionRecord, amount: number, type: 'PromoHosting' | 'PromoDomain', relId: number): Line {
  const value = promo.type === 'Percentage' ? `${formatCents(promo.value)}%` : promo.type
  const kind = promo.recurring ? 'Recurring' : 'One Time'
  return { type, relId, description: `Promotional Code: ${promo.code} - ${value} ${kind} Discount`, amountCents: -amount, taxed: false }
}

export function promoApplies (promo: PromotionRecord | undefined, override: boolean, key: string, cycle: Cycle): promo is PromotionRecord {
  if (promo === undefined) return false
  if (!override && !promo.appliesTo.includes(key)) return false
  return promo.cycles.length === 0 || promo.cycles.includes(CYCLE_LABELS[cycle])
}

export interface PricedOptions {
  price: number
  setup: number
  /** Option id -> stored value. */
  values: Record<string, number>
  /** One line per option for the invoice description. */
  descriptions: string[]
}

/** Prices a product's config options as chosen; a missing or unknown choice falls back to the first. */
export function priceOptions (options: readonly ConfigOptionRecord[], chosen: Map<string, string>, currencyId: number, cycle: Cycle): PricedOptions {
  const out: PricedOptions = { price: 0, setup: 0, values: {}, descriptions: [] }
  for (const option of options) {
    const raw = chosen.get(String(option.id))
    const number = raw === undefined ? NaN : Number.parseInt(raw, 10)
    const visible = option.choices.filter(c => !c.hidden)
    let choice = visible[0]
    let units = 1
    let text: string
    switch (option.type) {
      case CONFIG_OPTION_TYPES.quantity: {
        const max = option.maxQty > 0 ? option.maxQty : Number.MAX_SAFE_INTEGER
        units = Math.min(max, Math.max(option.minQty, Number.isNaN(number) ? option.minQty : number))
        text = `${units} x ${choice?.name ?? ''}`
        break
      }
      case CONFIG_OPTION_TYPES.yesno:
        units = raw !== undefined && (number > 0 || raw.toLowerCase() === 'on') ? 1 : 0
        text = units === 1 ? 'Yes' : 'No'
        break
      default:
        choice = visible.find(c => c.id === number) ?? visible[0]
        text = choice?.name ?? ''
    }
    if (choice === undefined) continue
    const unit = cyclePrice(choice.pricing, currencyId, cycle) ?? { price: 0, setup: 0 }
    out.price += unit.price * units
    out.setup += unit.setup * units
    out.values[String(option.id)] = option.type === CONFIG_OPTION_TYPES.dropdown || option.type === CONFIG_OPTION_TYPES.radio ? choice.id : units
    out.descriptions.push(`${option.name}: ${text}`)
  }
  return out
}

/**
 * What a service costs each cycle at the catalogue's prices (UpdateClientProduct's autorecalc):
 * its product and config options as chosen, in the client's currency, scaled by a quantity and
 * less a recurring promotion, as an order prices it. One-time and free services renew for 0.
 */
export function recurringPrice (store: Store, service: ServiceRecord): number {
  if (service.cycle === 'onetime' || service.cycle === 'free') return 0
  const product = store.products.get(service.productId)
  const client = store.clients.get(service.clientId)
  if (product === undefined || client === undefined) return service.recurringCents
  const base = cyclePrice(product.pricing, client.currency, service.cycle) ?? { price: 0, setup: 0 }
  const chosen = new Map(Object.entries(service.configOptions).map(([id, value]) => [id, String(value)]))
  const options = priceOptions(store.configOptions.ofProduct(product.id), chosen, client.currency, service.cycle)
  const price = (base.price + options.price) * (product.allowQty === 2 ? Math.max(1, service.quantity) : 1)
  const promo = store.promotions.get(service.promotionId)
  return promo === undefined ? price : price - discountOf(promo, price, 0, client.currency).recurring
}

/** Line-item words for a product type, as WHMCS's order lines print them. */
export const PRODUCT_TYPE_NAMES: Readonly<Record<ProductRecord['type'], string>> = {
  hostingaccount: 'Shared Hosting',
  reselleraccount: 'Reseller Hosting',
  server: 'Dedicated/VPS Server',
  other: 'Other Product/Service'
}
