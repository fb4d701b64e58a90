// The one list normaliser and the one set of scalar coercers. WHMCS types its answers loosely and
// inconsistently (QUIRKS.md 6-13); every route reads upstream values through these functions, so a
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
  if (Array.isArray(v)) {
    // GetTicket shows "no attachments" as [[]]: drop empty placeholders.
    return v.filter((item) => !(Array.isArray(item) && item.length === 0) && item !== '') as T[]
  }
  if (isRecord(v)) {
    const keys = Object.keys(v)
    if (keys.length === 0) return []
    if (keys.every((k) => /^\d+$/.test(k))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k] as T)
    }
    return [v as T]
  }
  return [v as T]
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
 * Money as a decimal string, never through a float. Accepts "15.95", "-10.00", integers, and
 * pre-formatted values such as "$2,645.80 USD" (GetClientsDetails stats, GetStats).
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
    const negative = /^-|\(.*\)|^[^\d]*-/.test(trimmed)
    const digits = trimmed.replace(/[^\d.]/g, '')
    if (MONEY.test(digits)) return negative ? `-${digits}` : digits
  }
  throw new WhmcsResponseError(`WHMCS answered an invalid ${field}`)
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

/** YYYY-MM-DD with a real month and day: a date that needs no rewriting. */
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/

/**
 * Dates to ISO 8601: "2016-01-15" stays a date; "2016-01-15 10:26:00" becomes
 * "2016-01-15T10:26:00" (WHMCS's local time, no offset is known); Unix timestamps become UTC;
 * "0000-00-00" and empty values, WHMCS's "never", become null.
 */
export function toDate (value: unknown): string | null {
  // Most dates are already plain ISO dates: answered as they are, without the parse below.
  if (typeof value === 'string' && value.length === 10 && ISO_DATE.test(value) && !value.startsWith('0000')) return value
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value))) {
    return new Date(Number(value) * 1000).toISOString().replace('.000Z', 'Z')
  }
  if (typeof value !== 'string') throw new WhmcsResponseError('WHMCS answered an invalid date')
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim())
  if (!m) throw new WhmcsResponseError('WHMCS answered an invalid date')
  const [, y, mo, d, h, mi, s] = m
  if (/^0+$/.test(y) || Number(mo) === 0 || Number(d) === 0) return null
  const date = `${y}-${pad(mo)}-${pad(d)}`
  return h === undefined ? date : `${date}T${pad(h)}:${mi}:${s ?? '00'}`
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** Text, with the HTML escaping some WHMCS versions store and answer with undone (QUIRKS.md 13). */
export function toText (value: unknown): string {
  if (value === undefined || value === null) return ''
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
