// PHP serialize()/unserialize() for the values WHMCS exchanges (customfields,
// configoptions, domainfields are base64(serialize(array)) on the way in).
// Works on bytes: `s:N:"..."` counts UTF-8 bytes, not characters.

export type PhpValue = null | boolean | number | string | PhpArray
/** A PHP array: ordered, keys are integers or strings. */
export type PhpArray = Map<number | string, PhpValue>

export class PhpUnserializeError extends Error {
  constructor (message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`)
    this.name = 'PhpUnserializeError'
  }
}

class Reader {
  pos = 0
  constructor (readonly buf: Buffer) {}

  fail (message: string): never {
    throw new PhpUnserializeError(message, this.pos)
  }

  expect (char: string): void {
    if (this.buf[this.pos] !== char.charCodeAt(0)) this.fail(`expected '${char}'`)
    this.pos++
  }

  /** Read up to (not including) `stop`, then skip `stop`. */
  until (stop: string): string {
    const end = this.buf.indexOf(stop.charCodeAt(0), this.pos)
    if (end === -1) this.fail(`missing '${stop}'`)
    const text = this.buf.toString('latin1', this.pos, end)
    this.pos = end + 1
    return text
  }

  integer (stop: string): number {
    const text = this.until(stop)
    if (!/^[+-]?[0-9]+$/.test(text)) this.fail(`bad integer '${text}'`)
    return Number(text)
  }

  value (): PhpValue {
    const type = String.fromCharCode(this.buf[this.pos] ?? 0)
    this.pos++
    switch (type) {
      case 'N':
        this.expect(';')
        return null
      case 'b': {
        this.expect(':')
        const n = this.integer(';')
        if (n !== 0 && n !== 1) this.fail('bad boolean')
        return n === 1
      }
      case 'i':
        this.expect(':')
        return this.integer(';')
      case 'd': {
        this.expect(':')
        const text = this.until(';')
        if (text === 'INF') return Infinity
        if (text === '-INF') return -Infinity
        if (text === 'NAN') return NaN
        const n = Number(text)
        if (text === '' || Number.isNaN(n)) this.fail(`bad float '${text}'`)
        return n
      }
      case 's': {
        this.expect(':')
        const length = this.integer(':')
        this.expect('"')
        if (length < 0 || this.pos + length > this.buf.length) this.fail('string length out of range')
        const text = this.buf.toString('utf8', this.pos, this.pos + length)
        this.pos += length
        this.expect('"')
        this.expect(';')
        return text
      }
      case 'a': {
        this.expect(':')
        const count = this.integer(':')
        this.expect('{')
        const array: PhpArray = new Map()
        for (let i = 0; i < count; i++) {
          const key = this.value()
          if (typeof key !== 'number' && typeof key !== 'string') this.fail('bad array key')
          array.set(key, this.value())
        }
        this.expect('}')
        return array
      }
      default:
        // Objects (O:, C:) and references (r:, R:) are refused, as WHMCS
        // unserializes API input with allowed_classes=false anyway.
        return this.fail(`unsupported type '${type}'`)
    }
  }
}

/** Unserialize PHP serialize() output. Throws PhpUnserializeError on malformed input. */
export function phpUnserialize (input: Buffer | string): PhpValue {
  const reader = new Reader(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
  const value = reader.value()
  if (reader.pos !== reader.buf.length) reader.fail('trailing data')
  return value
}

/** PHP serialize(). Arrays may be given as Maps, JS arrays or plain objects. */
export function phpSerialize (value: unknown): string {
  if (value === null || value === undefined) return 'N;'
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `i:${value};` : `d:${value};`
  }
  if (typeof value === 'string') return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`
  let entries: Array<[unknown, unknown]>
  if (value instanceof Map) entries = [...value.entries()]
  else if (Array.isArray(value)) entries = value.map((v, i) => [i, v])
  else if (typeof value === 'object') entries = Object.entries(value)
  else throw new TypeError(`cannot serialize ${typeof value}`)
  const body = entries.map(([k, v]) => {
    const key = typeof k === 'number' || (typeof k === 'string' && /^(0|-?[1-9][0-9]*)$/.test(k))
      ? `i:${Number(k)};`
      : phpSerialize(String(k))
    return key + phpSerialize(v)
  }).join('')
  return `a:${entries.length}:{${body}}`
}

/** PHP's string cast of a scalar ((string)$value). */
export function phpString (value: PhpValue): string {
  if (value === null || value === false) return ''
  if (value === true) return '1'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value
  return 'Array'
}

/**
 * Decode base64 of a serialized array, as WHMCS reads `customfields` and
 * `configoptions`. Returns undefined when the input does not decode to an
 * array (WHMCS then ignores the parameter).
 */
export function decodeSerializedArray (base64: string): PhpArray | undefined {
  let value: PhpValue
  try {
    value = phpUnserialize(Buffer.from(base64, 'base64'))
  } catch {
    return undefined
  }
  return value instanceof Map ? value : undefined
}

/**
 * Decode a `customfields`-style parameter: base64 of a serialized array of
 * field id → value, each value as PHP's string cast of it. Returns undefined
 * when the input does not decode to an array (WHMCS then ignores the parameter).
 */
export function decodeSerializedFields (base64: string): Map<string, string> | undefined {
  const value = decodeSerializedArray(base64)
  if (value === undefined) return undefined
  const fields = new Map<string, string>()
  for (const [key, item] of value) fields.set(String(key), phpString(item))
  return fields
}
