// Small text helpers shared by the sandbox's stores and handlers.

/**
 * A comparison key imitating MySQL's utf8mb4 *_ci collations, which WHMCS's
 * tables use: case- and accent-insensitive ('Zoë' sorts and matches like 'zoe').
 */
export function collationKey (text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

export function compareCollated (a: string, b: string): number {
  const ka = collationKey(a)
  const kb = collationKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Email equality as WHMCS's database sees it (case-insensitive). */
export function sameEmail (a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

/** Roughly PHP's filter_var($email, FILTER_VALIDATE_EMAIL): ASCII only, a dotted domain. */
export function isValidEmail (email: string): boolean {
  if (email.length > 254) return false
  const at = email.lastIndexOf('@')
  if (at <= 0) return false
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  if (local.length > 64 || !LOCAL_PART.test(local)) return false
  const labels = domain.split('.')
  return labels.length >= 2 && labels.every(label => DOMAIN_LABEL.test(label))
}

/** Cents → WHMCS's decimal string: 1234 → "12.34", -1000 → "-10.00". */
export function formatCents (cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(Math.round(cents))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

function pad2 (n: number): string {
  return String(n).padStart(2, '0')
}

/** 'YYYY-MM-DD' of a date, in UTC. */
export function isoDate (date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`
}

/** 'YYYY-MM-DD HH:MM:SS' of a date, in UTC. */
export function isoDateTime (date: Date): string {
  return `${isoDate(date)} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`
}

/** A 'YYYY-MM-DD' date moved by whole months; the day is kept, or clamped to the month's last day. */
export function addMonths (date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return `${year}-${pad2(month + 1)}-${pad2(Math.min(d, lastDay))}`
}

/** A 'YYYY-MM-DD' date moved by whole days. */
export function addDays (date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return isoDate(new Date(Date.UTC(y, m - 1, d + days)))
}

/** A 'YYYY-MM-DD' date as WHMCS prints it in invoice lines (DD/MM/YYYY, the default date format). */
export function displayDate (date: string): string {
  const [y, m, d] = date.split('-')
  return `${d}/${m}/${y}`
}

/** A decimal amount as WHMCS takes it ('12', '12.5', '-3.99') in cents; undefined when it is not one. */
export function parseCents (text: string): number | undefined {
  const match = /^\s*(-?)(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (match === null) return undefined
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'))
  return match[1] === '-' ? -cents : cents
}
