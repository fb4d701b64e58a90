// The one list normaliser and the one set of scalar coercers. WHMCS types its answers loosely and
// inconsistently (a list as an array, a lone object or ""; ids, money and booleans as
// numbers or strings; unset dates as zeros; text HTML-escaped); every route reads upstream values through these functions, so a
// shape WHMCS surprises us with is handled in one place for the whole API.
import { WhmcsResponseError } from './errors.js'

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Turns any of WHMCS's list encodings into an array: a real array; a single object where a
 * one-element array was meant; an object keyed "0", "1", ...; `{}`; `""`; null or a missing key.
 * With `innerKey`, the value is first unwrapped from its plural wrapper (`clients.client`).
 */
export function toList<T = unknown> (value: unknown, innerKey?: string): T[] {
  let v = value
  if (innerKey !== undefined && isRecord(v) && innerKey in v) v = v[innerKey]
  if (v === undefined || v === null || v === '' || v === false) return []
  // GetTicket shows "no attachments" as [[]]: empty placeholders are dropped.
  const items = (list: unknown[]): T[] => list.filter((item) => !(Array.isArray(item) && item.length === 0) && item !== '') as T[]
  if (Array.isArray(v)) return items(v)
  if (isRecord(v)) {
    const keys = Object.keys(v)
    if (keys.length === 0) return []
    if (keys.every((k) => /^\d+$/.test(k))) {
      return items(keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]))
    }
    return [v as T]
  }
  return [v as T]
}

/**
 * The items of a comma-separated list as WHMCS writes them ("1,2,3", "Monthly,Annually"):
 * trimmed, empty items dropped. A lone number (a one-item list JSON-encoded as a number) is one item.
 */
export function toCsvList (value: unknown): string[] {
  if (value === undefined || value === null || value === false) return []
  if (typeof value !== 'string' && typeof value !== 'number') throw new WhmcsResponseError('WHMCS answered an invalid list')
  return String(value).split(',').map((item) => item.trim()).filter((item) => item !== '')
}

/** A keyed object (prices by currency code...); anything else, such as "" for none, is empty. */
export function toRecord (value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {}
}

/** An integer from a number or a numeric string; null when absent or empty. */
export function toInt (value: unknown, field = 'value'): number | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    const n = Number(value)
    if (Number.isSafeInteger(n)) return n
  }
  throw new WhmcsResponseError(`WHMCS answered a non-integer ${field}`)
}

/** A required integer (ids, counts that must be there). */
export function toId (value: unknown, field = 'id'): number {
  const n = toInt(value, field)
  if (n === null) throw new WhmcsResponseError(`WHMCS answered no ${field}`)
  return n
}

/** A count with a fallback when WHMCS leaves it out. */
export function toCount (value: unknown, fallback: number): number {
  return toInt(value, 'count') ?? fallback
}

const MONEY = /^-?\d+(\.\d+)?$/

/**
 * The amount of a formatted figure in any of WHMCS's four number formats (1234.56, 1,234.56,
 * 1.234,56, 1,234): the last separator is the decimal one unless it groups thousands (it is
 * repeated, or exactly three digits follow it, as amounts have two decimals or none).
 */
function formattedAmount (text: string): string | null {
  const negative = /^-|\(.*\)|^[^\d]*-/.test(text)
  const body = text.replace(/[^\d.,]/g, '').replace(/^[.,]+|[.,]+$/g, '')
  const last = Math.max(body.lastIndexOf('.'), body.lastIndexOf(','))
  let digits = body
  if (last !== -1) {
    const separator = body[last]
    const grouping = body.split(separator).length > 2 || body.length - last - 1 === 3
    digits = grouping ? body.replace(/[.,]/g, '') : `${body.slice(0, last).replace(/[.,]/g, '')}.${body.slice(last + 1)}`
  }
  if (!MONEY.test(digits)) return null
  return negative ? `-${digits}` : digits
}

/**
 * Money as a decimal string, never through a float. Accepts "15.95", "-10.00", integers, and
 * pre-formatted values such as "$2,645.80 USD" or "€1.234,56 EUR" (GetClientsDetails stats,
 * GetStats).
 */
export function toMoney (value: unknown, field = 'amount'): string | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number') {
    // JSON numbers only reach us for whole amounts in WHMCS's answers (GetPromotions `value`).
    if (!Number.isFinite(value)) throw new WhmcsResponseError(`WHMCS answered an invalid ${field}`)
    return String(value)
  }
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (MONEY.test(trimmed)) return trimmed
    const amount = formattedAmount(trimmed)
    if (amount !== null) return amount
  }
  throw new WhmcsResponseError(`WHMCS answered an invalid ${field}`)
}

export interface FormattedMoney {
  /** The figure as WHMCS printed it ("$5.95 USD"). */
  formatted: string
  /** Its amount as a decimal string; null when it cannot be read. */
  amount: string | null
  /** The ISO 4217 code in the figure; null when it shows only a symbol or nothing. */
  currencyCode: string | null
}

/**
 * A pre-formatted figure ("$5.95 USD", GetStats): kept as printed, and read where the format
 * allows, since the currency's prefix and suffix are whatever the installation configured.
 */
export function toFormattedMoney (value: unknown): FormattedMoney {
  const formatted = toText(value).trim()
  const code = /(?:^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(formatted)
  let amount: string | null
  try {
    amount = toMoney(formatted)
  } catch {
    amount = null
  }
  return { formatted, amount, currencyCode: code === null ? null : code[1] }
}

const TRUE = new Set(['1', 'true', 'on', 'yes'])
const FALSE = new Set(['0', 'false', 'off', 'no', ''])

/** The five boolean encodings: true/false, 1/0, "1"/"0", "true"/"false", "on"/"". */
export function toBool (value: unknown, fallback = false): boolean {
  if (value === undefined || value === null) return fallback
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase()
    if (TRUE.has(v)) return true
    if (FALSE.has(v)) return false
  }
  throw new WhmcsResponseError('WHMCS answered an invalid boolean')
}

const pad = (s: string): string => s.padStart(2, '0')

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** "18th November 2016 9:32:24am" (ListOAuthCredentials) as ISO 8601, or null when it is not that form. */
function wordedDate (text: string): string | null {
  const m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+) (\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]m))?$/i.exec(text)
  const month = m === null ? -1 : MONTHS.indexOf(m[2].toLowerCase())
  if (m === null || month === -1) return null
  const [, d, , y, h, mi, s, half] = m
  const date = `${y}-${pad(String(month + 1))}-${pad(d)}`
  if (h === undefined) return date
  const hour = (Number(h) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0)
  return `${date}T${pad(String(hour))}:${mi}:${s ?? '00'}`
}

/** YYYY-MM-DD with a real month and day: a date that needs no rewriting. */
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/

/**
 * Dates to ISO 8601: "2016-01-15" stays a date; "2016-01-15 10:26:00" becomes
 * "2016-01-15T10:26:00" (WHMCS's local time, no offset is known), and so does
 * "15th January 2016 10:26:00am"; Unix timestamps become UTC; "0000-00-00" and empty values,
 * WHMCS's "never", become null.
 */
export function toDate (value: unknown): string | null {
  // Most dates are already plain ISO dates: answered as they are, without the parse below.
  if (typeof value === 'string' && value.length === 10 && ISO_DATE.test(value) && !value.startsWith('0000')) return value
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value))) {
    return new Date(Number(value) * 1000).toISOString().replace('.000Z', 'Z')
  }
  if (typeof value !== 'string') throw new WhmcsResponseError('WHMCS answered an invalid date')
  const worded = wordedDate(value.trim())
  if (worded !== null) return worded
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim())
  if (!m) throw new WhmcsResponseError('WHMCS answered an invalid date')
  const [, y, mo, d, h, mi, s] = m
  if (/^0+$/.test(y) || Number(mo) === 0 || Number(d) === 0) return null
  const date = `${y}-${pad(mo)}-${pad(d)}`
  return h === undefined ? date : `${date}T${pad(h)}:${mi}:${s ?? '00'}`
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/**
 * Text, with the HTML escaping some WHMCS versions store and answer with undone (`&amp;`, `&#039;`).
 * Numbers and booleans are PHP scalars WHMCS may send for text columns (a postcode, a phone
 * number) and read as their text; an empty array or object is PHP's empty value; any other
 * structure where text belongs means the answer is not what the route expects.
 */
export function toText (value: unknown, field = 'text'): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') {
    if (Object.keys(value).length === 0) return ''
    throw new WhmcsResponseError(`WHMCS answered a structure where ${field} should be text`)
  }
  const s = typeof value === 'string' ? value : String(value)
  if (!s.includes('&')) return s
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[ref.toLowerCase()] ?? whole
  })
}

/**
 * An email address: WHMCS stores and sends it as text, so a number or a boolean is not an address
 * that was typed loosely but an answer that is wrong, and it is reported rather than passed on as
 * "12345".
 */
export function toEmail (value: unknown, field = 'email'): string {
  if (value === undefined || value === null || typeof value === 'string') return toText(value, field)
  throw new WhmcsResponseError(`WHMCS answered a ${typeof value} where ${field} should be an email address`)
}

/**
 * A comma-separated id list ("1,2", "12, 14"), as WHMCS keeps a project's tickets and invoices:
 * the positive integers in it, in order. It is free text in WHMCS's database, so a token that is
 * not an id (a stray character, a ticket mask) is left out rather than failing the whole answer.
 */
export function toIdList (value: unknown): number[] {
  return toCsvList(value).flatMap((item) => item.split(/\s+/))
    .filter((token) => /^\d{1,10}$/.test(token))
    .map(Number)
    // Ids are int32, as everywhere in WHMCS.
    .filter((n) => n >= 1 && n <= 2_147_483_647)
}
