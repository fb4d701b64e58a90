// The product catalogue (tblproductgroups, tblproducts, tblpricing, tblproductconfigoptions,
// tblcustomfields of type product, tbladdons, tblpromotions, tbldomainpricing). Amounts are
// integer cents per currency id; a cycle that is not offered has no price (WHMCS prints -1.00).

import { Table } from './table.js'

export const RECURRING_CYCLES = ['monthly', 'quarterly', 'semiannually', 'annually', 'biennially', 'triennially'] as const
export type RecurringCycle = typeof RECURRING_CYCLES[number]
/** What a service can be billed as: a recurring cycle, once, or never. */
export type Cycle = RecurringCycle | 'onetime' | 'free'

export const CYCLE_MONTHS: Readonly<Record<RecurringCycle, number>> = {
  monthly: 1, quarterly: 3, semiannually: 6, annually: 12, biennially: 24, triennially: 36
}

/** The words WHMCS stores a cycle as (tblhosting.billingcycle). */
export const CYCLE_LABELS: Readonly<Record<Cycle, string>> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semiannually: 'Semi-Annually',
  annually: 'Annually',
  biennially: 'Biennially',
  triennially: 'Triennially',
  onetime: 'One Time',
  free: 'Free Account'
}

/** A cycle from an AddOrder `billingcycle` value ('annually', 'Semi-Annually', 'onetime'...). */
export function parseCycle (text: string): Cycle | undefined {
  const word = text.trim().toLowerCase().replace(/[\s-]/g, '')
  if (word === 'freeaccount') return 'free'
  return (Object.keys(CYCLE_LABELS) as Cycle[]).find(c => c === word)
}

/** One currency's prices: cents per recurring cycle (null: not offered) and setup fees. A one-time price sits in `monthly`, as in tblpricing. */
export interface CyclePrices {
  price: Record<RecurringCycle, number | null>
  setup: Record<RecurringCycle, number>
}

/** Prices by currency id. */
export type Pricing = Record<number, CyclePrices>

export type PayType = 'free' | 'onetime' | 'recurring'
export type ProductType = 'hostingaccount' | 'reselleraccount' | 'server' | 'other'

export interface ProductGroupRecord {
  id: number
  name: string
  slug: string
  headline: string
  hidden: boolean
}

export interface ProductRecord {
  id: number
  groupId: number
  type: ProductType
  name: string
  slug: string
  description: string
  /** Provisioning module ('' = none). */
  module: string
  payType: PayType
  /** 0: one per order line; 1: several services; 2: one service scaled by quantity. */
  allowQty: 0 | 1 | 2
  stockControl: boolean
  /** Units left when stockControl is on. */
  quantityAvailable: number
  hidden: boolean
  retired: boolean
  /** Whether the product needs a domain name. */
  requiresDomain: boolean
  taxed: boolean
  /** When the module creates the account: on order ('order'), on payment, on acceptance ('on'), or never (''). */
  autoSetup: '' | 'order' | 'payment' | 'on'
  pricing: Pricing
}

/** tblproductconfigoptions.optiontype */
export type ConfigOptionType = 1 | 2 | 3 | 4
export const CONFIG_OPTION_TYPES = { dropdown: 1, radio: 2, yesno: 3, quantity: 4 } as const

export interface ConfigChoiceRecord {
  id: number
  name: string
  hidden: boolean
  pricing: Pricing
}

export interface ConfigOptionRecord {
  id: number
  name: string
  type: ConfigOptionType
  productIds: number[]
  /** Bounds of a quantity option; 0 otherwise. */
  minQty: number
  maxQty: number
  hidden: boolean
  /** The sub-options (a quantity or yes/no option has one: its unit). */
  choices: ConfigChoiceRecord[]
}

export type CustomFieldType = 'text' | 'link' | 'password' | 'dropdown' | 'tickbox' | 'textarea'

export interface ProductCustomFieldRecord {
  id: number
  productId: number
  name: string
  description: string
  type: CustomFieldType
  options: string[]
  required: boolean
  showOnOrder: boolean
  adminOnly: boolean
}

export interface ProductAddonRecord {
  id: number
  name: string
  description: string
  cycle: Cycle
  productIds: number[]
  module: string
  taxed: boolean
  pricing: Pricing
}

export type PromotionType = 'Percentage' | 'Fixed Amount' | 'Price Override' | 'Free Setup'

export interface PromotionRecord {
  id: number
  code: string
  type: PromotionType
  recurring: boolean
  /** Percent or amount in hundredths (10% = 1000, $5.00 = 500 in the default currency). */
  value: number
  /** Cycle labels the code is limited to ('Monthly', 'Annually'...); empty: any. */
  cycles: string[]
  /** Product ids ('3'), addons ('A1') and TLDs ('D.com') it applies to; empty: none. */
  appliesTo: string[]
  requires: string[]
  requiresExisting: boolean
  /** 'YYYY-MM-DD' or null for none. */
  startDate: string | null
  expirationDate: string | null
  /** 0 = unlimited */
  maxUses: number
  uses: number
  lifetimePromo: boolean
  applyOnce: boolean
  newSignups: boolean
  existingClient: boolean
  oncePerClient: boolean
  /** Recurring cycles the discount lasts; 0 = for ever. */
  recurFor: number
  upgrades: boolean
  notes: string
}

/** Prices of one TLD in one currency, cents by number of years (absent: not offered). */
export interface TldPrices {
  register: Record<number, number>
  transfer: Record<number, number>
  renew: Record<number, number>
}

export interface TldRecord {
  id: number
  /** With its leading dot: '.com', '.co.uk'. */
  tld: string
  /** Registrar module that registers it automatically ('' = none). */
  registrar: string
  eppRequired: boolean
  dnsManagement: boolean
  emailForwarding: boolean
  idProtection: boolean
  pricing: Record<number, TldPrices>
}

/** The price of a cycle in a currency; undefined when it is not offered. */
export function cyclePrice (pricing: Pricing, currencyId: number, cycle: Cycle): { price: number, setup: number } | undefined {
  if (cycle === 'free') return { price: 0, setup: 0 }
  const prices = pricing[currencyId]
  if (prices === undefined) return undefined
  const key: RecurringCycle = cycle === 'onetime' ? 'monthly' : cycle
  const price = prices.price[key]
  return price === null ? undefined : { price, setup: prices.setup[key] }
}

/** The cycles a product can be ordered in, in a currency, cheapest commitment first. */
export function productCycles (product: ProductRecord, currencyId: number): Cycle[] {
  if (product.payType === 'free') return ['free']
  if (product.payType === 'onetime') return cyclePrice(product.pricing, currencyId, 'onetime') === undefined ? [] : ['onetime']
  return RECURRING_CYCLES.filter(c => cyclePrice(product.pricing, currencyId, c) !== undefined)
}

/** The TLD of a domain name: the longest configured suffix. */
export function tldOf (tlds: readonly TldRecord[], domain: string): TldRecord | undefined {
  const name = domain.trim().toLowerCase()
  return [...tlds].sort((a, b) => b.tld.length - a.tld.length).find(t => name.endsWith(t.tld) && name.length > t.tld.length)
}

export class ProductGroupsTable extends Table<ProductGroupRecord> {}
export class ProductsTable extends Table<ProductRecord> {}
export class ProductAddonsTable extends Table<ProductAddonRecord> {}
export class ProductCustomFieldsTable extends Table<ProductCustomFieldRecord> {
  ofProduct (productId: number): ProductCustomFieldRecord[] {
    return this.filter(f => f.productId === productId)
  }
}

export class ConfigOptionsTable extends Table<ConfigOptionRecord> {
  ofProduct (productId: number): ConfigOptionRecord[] {
    return this.filter(o => o.productIds.includes(productId))
  }
}

export class PromotionsTable extends Table<PromotionRecord> {
  /** Codes match case-insensitively, as MySQL's collation does. */
  findByCode (code: string): PromotionRecord | undefined {
    const wanted = code.trim().toLowerCase()
    return this.find(p => p.code.toLowerCase() === wanted)
  }
}

export class TldsTable extends Table<TldRecord> {}
