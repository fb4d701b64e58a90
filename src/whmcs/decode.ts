// Turns a raw HTTP answer from WHMCS into either a result object or a typed WhmcsError.
import { XMLParser } from 'fast-xml-parser'
import { WhmcsApiError, WhmcsTransportError } from './errors.js'

export type ResponseType = 'json' | 'xml'
export type RawResult = Record<string, unknown>

const xml = new XMLParser({
  ignoreAttributes: true,
  // Every value stays a string, as WHMCS prints it; the coercers type it later, exactly as for JSON.
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true
})

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

// PHP prints notices and warnings before the JSON when display_errors is on. The
// answer after them is still WHMCS's, so it is read; anything else before the body is not.
const PHP_NOTICE = /^(?:\s*(?:<br\s*\/?>)?\s*<b>(?:Warning|Notice|Deprecated|Strict Standards)<\/b>:[^\n]*\n?)+/i

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const stripped = text.replace(PHP_NOTICE, '')
    if (stripped !== text) {
      try { return JSON.parse(stripped) } catch { /* fall through */ }
    }
    return undefined
  }
}

function parseXml (text: string): unknown {
  const body = text.replace(PHP_NOTICE, '').trim()
  if (!body.startsWith('<?xml') && !body.startsWith('<whmcsapi')) return undefined
  try {
    const doc: unknown = xml.parse(body, true)
    if (isRecord(doc) && isRecord(doc.whmcsapi)) return doc.whmcsapi
  } catch { /* not XML */ }
  return undefined
}

function describe (text: string): string {
  const t = text.trim()
  if (t === '') return 'an empty body'
  if (/^<(!doctype|html|head|body)/i.test(t) || /<html[\s>]/i.test(t)) return 'an HTML page'
  if (t.startsWith('{') || t.startsWith('[')) return 'malformed or truncated JSON'
  return 'a body that is not a WHMCS answer'
}

/**
 * Reads WHMCS's answer. Business errors are `result: error`, `status: error` or a bare
 * `{ warning }`, all with HTTP 200; a missing `result` is not a failure (GetProject has none).
 */
export function decodeResponse (action: string, httpStatus: number, text: string, type: ResponseType): RawResult {
  // Whatever was asked for, some errors (credentials, IP) may come back in the other format.
  const body = type === 'json' ? (parseJson(text) ?? parseXml(text)) : (parseXml(text) ?? parseJson(text))
  if (!isRecord(body)) {
    if (httpStatus >= 400) {
      throw new WhmcsTransportError('WHMCS_HTTP_ERROR', `WHMCS answered HTTP ${httpStatus} with ${describe(text)}`, { action, httpStatus })
    }
    throw new WhmcsTransportError('WHMCS_BAD_RESPONSE', `WHMCS answered ${describe(text)}`, { action, httpStatus })
  }
  const result = typeof body.result === 'string' ? body.result.toLowerCase() : undefined
  const status = typeof body.status === 'string' ? body.status.toLowerCase() : undefined
  const message = typeof body.message === 'string' ? body.message : undefined
  if (result === 'error' || (result === undefined && status === 'error')) {
    throw new WhmcsApiError(message ?? 'WHMCS reported an error without a message', {
      action, httpStatus, signal: result === 'error' ? 'result' : 'status'
    })
  }
  if (result === undefined && status === undefined && typeof body.warning === 'string') {
    throw new WhmcsApiError(body.warning, { action, httpStatus, signal: 'warning' })
  }
  if (httpStatus >= 400) {
    throw new WhmcsTransportError('WHMCS_HTTP_ERROR', `WHMCS answered HTTP ${httpStatus}`, { action, httpStatus })
  }
  return body
}
