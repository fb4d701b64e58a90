// The currencies configured in the sandbox install (tblcurrencies).

import { formatCents } from '../protocol/text.js'

export interface CurrencyRecord {
  id: number
  code: string
  prefix: string
  suffix: string
  /** WHMCS's number format: 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234. */
  format: number
  /** Exchange rate against the default currency, 5 decimals as WHMCS prints it. */
  rate: string
  isDefault: boolean
}

export const CURRENCIES: readonly CurrencyRecord[] = [
  { id: 1, code: 'USD', prefix: '$', suffix: ' USD', format: 2, rate: '1.00000', isDefault: true },
  { id: 2, code: 'EUR', prefix: '€', suffix: ' EUR', format: 3, rate: '0.92000', isDefault: false },
  { id: 3, code: 'GBP', prefix: '£', suffix: ' GBP', format: 2, rate: '0.79000', isDefault: false }
]

export function findCurrency (id: number): CurrencyRecord | undefined {
  return CURRENCIES.find(c => c.id === id)
}

export function defaultCurrency (): CurrencyRecord {
  return CURRENCIES.find(c => c.isDefault) ?? CURRENCIES[0]
}

/** A pre-formatted amount as WHMCS prints it in stats: "$12.34 USD". */
export function formatMoney (cents: number, currencyId: number): string {
  const currency = findCurrency(currencyId) ?? defaultCurrency()
  return `${currency.prefix}${formatCents(cents)}${currency.suffix}`
}

/**
 * An amount of the default currency in another currency, at the configured rate, in whole cents
 * (half up). Integer arithmetic only: the rate is read as a count of 1/100000.
 */
export function convertFromDefault (cents: number, currencyId: number): number {
  const rate = rateOf(currencyId)
  return rate === 100_000 ? cents : Math.floor((cents * rate + 50_000) / 100_000)
}

/** The inverse: an amount of another currency in the default one, in whole cents (half up). */
export function convertToDefault (cents: number, currencyId: number): number {
  const rate = rateOf(currencyId)
  return rate === 100_000 ? cents : Math.floor((cents * 100_000 + Math.floor(rate / 2)) / rate)
}

/** A currency's rate as a count of 1/100000 of the default currency. */
function rateOf (currencyId: number): number {
  const currency = findCurrency(currencyId) ?? defaultCurrency()
  if (currency.isDefault) return 100_000
  const [whole, fraction = ''] = currency.rate.split('.')
  return Number(whole) * 100_000 + Number(fraction.padEnd(5, '0').slice(0, 5))
}
