// Request encoding for the WHMCS API: what PHP's http_build_query() and serialize() produce,
// because WHMCS reads its parameters back with PHP: bracket keys for arrays (`pid[0]=1`),
// base64 of serialize() for field values, numbered parameters for invoice lines.

export type FormScalar = string | number | boolean | bigint
export type FormValue = FormScalar | null | undefined | FormValue[] | { [key: string]: FormValue }

function scalar (value: FormScalar): string {
  // PHP reads '0' as false and '1' as true; 'false' would be a truthy string.
  if (typeof value === 'boolean') return value ? '1' : '0'
  return String(value)
}

function append (out: URLSearchParams, key: string, value: FormValue): void {
  if (value === null || value === undefined) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => append(out, `${key}[${i}]`, item))
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) append(out, `${key}[${k}]`, v)
  } else {
    out.append(key, scalar(value))
  }
}

/**
 * Encodes parameters as an application/x-www-form-urlencoded body with PHP bracket keys:
 * `{ a: [{ b: 'c' }] }` becomes `a[0][b]=c`. Null and undefined values are left out.
 */
export function encodeForm (params: Record<string, FormValue>): string {
  const out = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) append(out, key, value)
  return out.toString()
}

/**
 * An ISO date (YYYY-MM-DD) in one of WHMCS's localised date formats, for the inputs WHMCS reads
 * in the installation's own format (GetActivityLog's `date`, CreateQuote's dates).
 */
export function whmcsDate (iso: string, format: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-')
  return format.replace('YYYY', y).replace('MM', m).replace('DD', d)
}

/**
 * An ISO 8601 date or date-time (2026-01-15, 2026-01-15T09:30, 2026-01-15T09:30:00Z) as the
 * 'YYYY-MM-DD HH:MM:SS' WHMCS parses everywhere; a date alone is midnight. WHMCS keeps no time
 * zone, so the time is taken as WHMCS's own.
 */
export function whmcsDateTime (iso: string): string {
  if (iso.length === 10) return `${iso} 00:00:00`
  return iso.replace('T', ' ').replace('Z', '').padEnd(19, ':00').slice(0, 19)
}

export type PhpValue = string | number | boolean | null | PhpValue[] | { [key: string]: PhpValue }

function phpKey (key: string | number): string {
  // PHP turns decimal-integer-looking string keys into integer keys.
  if (typeof key === 'number' || /^(0|-?[1-9]\d*)$/.test(key)) return `i:${key};`
  return `s:${Buffer.byteLength(key, 'utf8')}:"${key}";`
}

/** PHP serialize(): string lengths are counted in UTF-8 bytes, as PHP counts them. */
export function phpSerialize (value: PhpValue): string {
  if (value === null) return 'N;'
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return `i:${value};`
    return `d:${value};`
  }
  if (typeof value === 'string') return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`
  const entries: Array<[string | number, PhpValue]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value)
  return `a:${entries.length}:{${entries.map(([k, v]) => phpKey(k) + phpSerialize(v)).join('')}}`
}

/** base64(serialize(value)): the form WHMCS wants for customfields, configoptions and domainfields. */
export function phpSerializeBase64 (value: PhpValue): string {
  return Buffer.from(phpSerialize(value), 'utf8').toString('base64')
}

/**
 * WHMCS's field-values parameters (customfields, configoptions, domainfields): base64 of a
 * serialized array of field id -> value, in ascending id order (a JS object orders integer keys so).
 */
export function serializedFields (fields: ReadonlyArray<{ id: number, value: PhpValue }>): string {
  return phpSerializeBase64(Object.fromEntries(fields.map((field) => [String(field.id), field.value])))
}

/**
 * base64(JSON): the form WHMCS wants for ticket attachments (OpenTicket, AddTicketReply), which
 * it reads with json_decode rather than unserialize.
 */
export function jsonBase64 (value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64')
}
