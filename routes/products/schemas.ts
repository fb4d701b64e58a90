// /products' WHMCS side and schemas: products with their prices per currency and billing cycle,
// config options and custom fields (GetProducts). WHMCS answers prices as decimal strings and
// the API keeps them so. Billing cycles are declared here and used by services and orders.
import { Type, type Static } from 'typebox'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import { toBool, toId, toInt, toList, toMoney, toRecord, toText } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, ref } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetProducts: {
      params: { pid?: string, gid?: Int, module?: string }
      result: { totalresults?: Loose, products?: Loose }
    }
  }
}

export const CYCLES = ['free', 'onetime', 'monthly', 'quarterly', 'semiannually', 'annually', 'biennially', 'triennially'] as const
export type CycleT = typeof CYCLES[number]
const RECURRING = ['monthly', 'quarterly', 'semiannually', 'annually', 'biennially', 'triennially'] as const
/** tblpricing's setup-fee column of each recurring cycle. */
const SETUP_FEE: Record<typeof RECURRING[number], string> = {
  monthly: 'msetupfee', quarterly: 'qsetupfee', semiannually: 'ssetupfee', annually: 'asetupfee', biennially: 'bsetupfee', triennially: 'tsetupfee'
}

export const BillingCycle = Type.Enum(CYCLES, {
  type: 'string',
  description: 'How often the item is billed: `free` and `onetime` items are never billed again',
  examples: ['annually']
})

// The money schema of the mapping, for fields that are not read from one WHMCS key.
const moneySchema = (description: string) => f.money('', description).schema

export const CyclePrice = component('CyclePrice', Type.Object({
  cycle: BillingCycle,
  price: moneySchema('Price of one billing cycle'),
  setupFee: moneySchema('One-off fee charged with the first payment in this cycle')
}, { description: 'The price of an item in one billing cycle', additionalProperties: false }))

export const CurrencyPricing = component('CurrencyPricing', Type.Object({
  currencyCode: Type.String({ maxLength: 16, description: 'ISO 4217 code of the currency', examples: ['USD'] }),
  prefix: Type.String({ maxLength: 16, description: 'What WHMCS prints before an amount in this currency', examples: ['$'] }),
  suffix: Type.String({ maxLength: 16, description: 'What WHMCS prints after an amount in this currency', examples: [' USD'] }),
  cycles: Type.Array(ref(CyclePrice), { maxItems: CYCLES.length, description: 'The billing cycles offered in this currency, with their prices' })
}, { description: 'The prices of an item in one currency', additionalProperties: false }))

type CurrencyPricingT = Static<typeof CurrencyPricing>
type CyclePriceT = Static<typeof CyclePrice>

/** One currency's prices, keeping the cycles offered: `-1.00` (and anything negative) means not offered. */
function readCycles (raw: Record<string, unknown>, payType: string): CyclePriceT[] {
  const price = (key: string): string | null => {
    const amount = toMoney(raw[key], key)
    return amount === null || amount.startsWith('-') ? null : amount
  }
  const setup = (key: string): string => toMoney(raw[key], key) ?? '0.00'
  if (payType === 'free') return [{ cycle: 'free', price: '0.00', setupFee: '0.00' }]
  if (payType === 'onetime') {
    // A one-time price is kept in the monthly column.
    const once = price('monthly')
    return once === null ? [] : [{ cycle: 'onetime', price: once, setupFee: setup('msetupfee') }]
  }
  return RECURRING.flatMap((cycle) => {
    const amount = price(cycle)
    return amount === null ? [] : [{ cycle, price: amount, setupFee: setup(SETUP_FEE[cycle]) }]
  })
}

/** `pricing: { USD: {...}, EUR: {...} }` as one entry per currency. */
function readPricing (value: unknown, payType: string): CurrencyPricingT[] {
  return Object.entries(toRecord(value)).flatMap(([code, prices]) => {
    const raw = toRecord(prices)
    if (Object.keys(raw).length === 0) return []
    return [{ currencyCode: code, prefix: toText(raw.prefix), suffix: toText(raw.suffix), cycles: readCycles(raw, payType) }]
  })
}

export const ProductCustomField = component('ProductCustomField', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Custom field id: the key to give its value under when ordering', examples: [2] }),
  name: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The field\'s label', examples: ['Hostname'] }),
  description: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'Help text shown with the field' }),
  required: Type.Boolean({ description: 'Whether the order form requires a value' })
}, { description: 'A custom field asked for when the product is ordered', additionalProperties: false }))

export const CONFIG_OPTION_TYPES = ['dropdown', 'radio', 'yesno', 'quantity'] as const
/** tblproductconfigoptions.optiontype: 1 to 4. */
const CONFIG_OPTION_TYPE_CODES: Record<string, typeof CONFIG_OPTION_TYPES[number]> = { 1: 'dropdown', 2: 'radio', 3: 'yesno', 4: 'quantity' }

/** A config option's type as WHMCS answers it: its code (GetProducts) or its word (GetClientsProducts). */
export const toConfigOptionType = (value: unknown): typeof CONFIG_OPTION_TYPES[number] => {
  const text = toText(value).toLowerCase()
  return CONFIG_OPTION_TYPE_CODES[text] ?? CONFIG_OPTION_TYPES.find((type) => type === text) ?? 'dropdown'
}

export const ConfigSubOption = component('ConfigSubOption', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Sub-option id: the value to order a dropdown or radio option with', examples: [3] }),
  name: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'What the client sees', examples: ['Debian 12'] }),
  pricing: Type.Array(ref(CurrencyPricing), { description: 'Price of the choice (of one unit, for a quantity) per currency and cycle, added to the product\'s' })
}, { description: 'One choice of a configurable option', additionalProperties: false }))

export const ConfigOption = component('ConfigOption', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Configurable option id: the key to give its value under when ordering', examples: [2] }),
  name: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The option\'s label', examples: ['Operating system'] }),
  type: Type.Enum(CONFIG_OPTION_TYPES, {
    type: 'string',
    description: 'How it is chosen, and so what value to order it with: `dropdown` and `radio` take a sub-option id, `yesno` takes 1 or 0, `quantity` a number of units',
    examples: ['dropdown']
  }),
  minQty: Type.Integer({ ...int32(0), description: 'Fewest units of a `quantity` option; 0 otherwise' }),
  maxQty: Type.Integer({ ...int32(0), description: 'Most units of a `quantity` option; 0 for no limit or another type' }),
  options: Type.Array(ref(ConfigSubOption), { description: 'The choices (for `yesno` and `quantity`: the one unit priced)' })
}, { description: 'A configurable option of a product, priced on top of it', additionalProperties: false }))

export type ConfigOptionT = Static<typeof ConfigOption>

/** A choice of a configurable option, as an order or a service takes it. */
export const ConfigOptionValue = component('ConfigOptionValue', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Configurable option id (see the product\'s `configOptions`)', examples: [2] }),
  value: Type.Integer({ ...int32(0), description: 'A sub-option id for `dropdown` and `radio` options, 1 or 0 for `yesno`, the number of units for `quantity`', examples: [3] })
}, { description: 'The value chosen for one configurable option', additionalProperties: false }))

const readConfigOptions = (value: unknown): ConfigOptionT[] =>
  toList<Record<string, unknown>>(value, 'configoption').map((option) => ({
    id: toId(option.id, 'config option id'),
    name: toText(option.name),
    type: toConfigOptionType(option.type),
    minQty: toInt(option.minqty, 'minqty') ?? 0,
    maxQty: toInt(option.maxqty, 'maxqty') ?? 0,
    options: toList<Record<string, unknown>>(option.options, 'option').map((sub) => ({
      id: toId(sub.id, 'config sub-option id'),
      name: toText(sub.name),
      pricing: readPricing(sub.pricing, 'recurring')
    }))
  }))

export const PRODUCT_TYPES = ['hostingaccount', 'reselleraccount', 'server', 'other'] as const
export const PAY_TYPES = ['free', 'onetime', 'recurring'] as const

/** The product fields, in the API's words and WHMCS's. */
export const productFields = defineMapping({
  id: f.id('pid', 'Product id'),
  groupId: f.id('gid', 'Product group id'),
  type: f.enum('type', PRODUCT_TYPES, 'Kind of product: shared hosting account, reseller account, server, or anything else'),
  name: f.text('name', 'Product name', { examples: ['Business'] }),
  slug: f.text('slug', 'URL slug of the product', { examples: ['business'] }),
  productUrl: f.text('product-url', 'The product\'s page in the WHMCS store', { aliases: ['product_url'], examples: ['https://billing.example.com/store/shared-hosting/business'] }),
  description: f.text('description', 'Description shown on the order form'),
  module: f.text('module', 'Provisioning module that creates the service; empty for none', { examples: ['cpanel'] }),
  payType: f.enum('paytype', PAY_TYPES, 'Whether the product is free, paid once, or paid every billing cycle'),
  allowQty: f.count('allowqty', 'Whether it can be ordered in quantity: 0 no, 1 as several services, 2 as one service scaled by the quantity'),
  quantityAvailable: f.count('quantity_available', 'Units left in stock, when WHMCS tracks stock; 0 otherwise'),
  // Read by readProduct(), which knows the pay type the prices depend on.
  pricing: f.custom('pricing', Type.Array(ref(CurrencyPricing), { description: 'Prices per currency, for the billing cycles offered' }), () => []),
  customFields: f.custom('customfields', Type.Array(ref(ProductCustomField), { description: 'Custom fields asked for on the order form' }),
    (v) => toList<Record<string, unknown>>(v, 'customfield').map((c) => ({ id: toId(c.id, 'custom field id'), name: toText(c.name), description: toText(c.description), required: toBool(c.required) }))),
  configOptions: f.custom('configoptions', Type.Array(ref(ConfigOption), { description: 'Configurable options, priced on top of the product' }), readConfigOptions)
})

export const Product = component('Product', Type.Object(productFields.properties(Object.keys(productFields.fields) as Array<keyof typeof productFields.fields>), {
  description: 'A product of the catalogue, with its prices, options and order-form fields',
  additionalProperties: false
}))

export type ProductT = Static<typeof Product>

/** A product as WHMCS lists it: its prices are read with its pay type. */
export function readProduct (raw: unknown): ProductT {
  const product = productFields.read(raw)
  return { ...product, pricing: readPricing(toRecord(raw).pricing, product.payType) }
}

export const ProductList = listOf('ProductList', Product, 'A page of products')
