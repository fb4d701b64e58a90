// Rendering of answers the way WHMCS prints them.
//
// JSON: PHP json_encode() with default flags: '/' is escaped as '\/', every
// non-ASCII character becomes \uXXXX (lower-case hex, UTF-16 surrogate pairs
// for characters outside the BMP), empty arrays print as [].
//
// XML: `<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="...">`,
// then `<action>` and the answer's keys in order, with no whitespace between
// elements. The rules:
// - an object becomes nested elements named after its keys;
// - a list under key K repeats <K> once per item, so
//   `clients: { client: [a, b] }` → <clients><client>a</client><client>b</client></clients>
//   and a bare list `customfields: [a, b]` → <customfields>a</customfields><customfields>b</customfields>;
//   an empty list produces no element (its wrapper, if any, stays: <clients></clients>);
//   a list directly inside a list nests the same way under the same name;
// - an object whose keys are all integers (the 'numeric-keys' quirk) is a list;
// - any other key that is not a valid XML name has its invalid characters replaced with '_'
//   (a leading digit is prefixed with '_');
// - booleans print as 1 and 0 (PHP itself would print true as 1 and false as an empty string;
//   0 keeps the XML unambiguous), null as an empty element, numbers as written;
// - text escapes &, < and > (&amp; &lt; &gt;); characters XML 1.0 forbids are dropped.
//
// NVP (deprecated in WHMCS): `key=value;` pairs, nested keys flattened to bracket keys.

import type { Json, JsonObject } from '../types.js'

export const WHMCS_VERSION = '8.13.1'

export type ResponseType = 'json' | 'xml' | 'nvp'

/** Pick the output format from the raw `responsetype` field. WHMCS answers XML when it is absent. */
export function responseTypeOf (raw: string | undefined): ResponseType {
  const type = (raw ?? '').trim().toLowerCase()
  if (type === 'json') return 'json'
  if (type === 'nvp') return 'nvp'
  return 'xml'
}

export const CONTENT_TYPES: Record<ResponseType, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
  nvp: 'text/plain; charset=utf-8'
}

// ---------------------------------------------------------------- JSON

function jsonString (text: string): string {
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const char = text[i]
    if (char === '"') out += '\\"'
    else if (char === '\\') out += '\\\\'
    else if (char === '/') out += '\\/'
    else if (code === 0x08) out += '\\b'
    else if (code === 0x0c) out += '\\f'
    else if (code === 0x0a) out += '\\n'
    else if (code === 0x0d) out += '\\r'
    else if (code === 0x09) out += '\\t'
    else if (code < 0x20 || code > 0x7f) out += '\\u' + code.toString(16).padStart(4, '0')
    else out += char
  }
  return out + '"'
}

function jsonNumber (n: number): string {
  if (!Number.isFinite(n)) return '0' // json_encode fails on INF/NAN; WHMCS never sends them
  return String(n)
}

/** PHP json_encode() of a value. */
export function phpJsonEncode (value: Json): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return jsonNumber(value)
  if (typeof value === 'string') return jsonString(value)
  if (Array.isArray(value)) return '[' + value.map(phpJsonEncode).join(',') + ']'
  return '{' + Object.entries(value).map(([k, v]) => jsonString(k) + ':' + phpJsonEncode(v)).join(',') + '}'
}

// ---------------------------------------------------------------- XML

export function xmlEscape (text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function xmlName (key: string): string {
  let name = key.replace(/[^A-Za-z0-9_.\-\u00b7\u00c0-\ufffd]/g, '_')
  if (name === '' || /^[0-9.-]/.test(name)) name = '_' + name
  return name
}

function isIntegerKeyed (value: JsonObject): boolean {
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every(k => /^(0|[1-9][0-9]*)$/.test(k))
}

function xmlScalar (value: null | boolean | number | string): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number') return jsonNumber(value)
  return xmlEscape(value)
}

function xmlElement (name: string, value: Json): string {
  if (Array.isArray(value)) return value.map(item => xmlElement(name, item)).join('')
  if (value !== null && typeof value === 'object') {
    if (isIntegerKeyed(value)) return xmlElement(name, Object.values(value))
    const tag = xmlName(name)
    return `<${tag}>${xmlChildren(value)}</${tag}>`
  }
  const tag = xmlName(name)
  return `<${tag}>${xmlScalar(value)}</${tag}>`
}

function xmlChildren (value: JsonObject): string {
  return Object.entries(value).map(([k, v]) => xmlElement(k, v)).join('')
}

/** The XML document WHMCS answers with. `action` is echoed first, as WHMCS does. */
export function renderXml (action: string, body: JsonObject): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="${WHMCS_VERSION}">` +
    xmlElement('action', action) + xmlChildren(body) + '</whmcsapi>'
}

// ---------------------------------------------------------------- NVP

function nvpPairs (prefix: string, value: Json, out: string[]): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)
    for (const [k, v] of entries) nvpPairs(prefix === '' ? k : `${prefix}[${k}]`, v, out)
    return
  }
  const text = value === null ? '' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  out.push(`${prefix}=${text}`)
}

export function renderNvp (body: JsonObject): string {
  const out: string[] = []
  nvpPairs('', body, out)
  return out.map(pair => pair + ';').join('')
}

/** Render an answer in the requested format. */
export function renderBody (type: ResponseType, action: string, body: JsonObject): string {
  if (type === 'json') return phpJsonEncode(body)
  if (type === 'nvp') return renderNvp(body)
  return renderXml(action, body)
}
