// Reading request parameters the way WHMCS's PHP code does, and signalling
// business errors.

import type { FormArray, FormValue } from './form.js'

/** A business error: answered as HTTP 200 {"result":"error","message":...}. */
export class ActionError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ActionError'
  }
}

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes'])
const FALSE_WORDS = new Set(['', '0', 'false', 'off', 'no'])

/** Interpret a request flag. 1/0, true/false, on/off and yes/no are understood; anything else non-empty is true (PHP's cast). */
export function parseBool (text: string): boolean {
  const word = text.trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return true
  if (FALSE_WORDS.has(word)) return false
  return true
}

/** PHP's (int) cast of a string: leading whitespace and digits, anything else is 0. */
export function parseInt10 (text: string): number {
  const match = /^\s*([+-]?[0-9]+)/.exec(text)
  if (match === null) return 0
  const n = Number(match[1])
  return Number.isSafeInteger(n) ? n : 0
}

/** The parameters of one API call ($_POST), without the credentials. */
export class Params {
  constructor (readonly tree: FormArray) {}

  /** The raw value (string or array) of a top-level parameter. */
  raw (name: string): FormValue | undefined {
    return this.tree.get(name)
  }

  /** True when the parameter was sent (even empty). */
  has (name: string): boolean {
    return this.tree.has(name)
  }

  /** A scalar parameter, trimmed like WHMCS does; undefined when absent or sent as an array. */
  str (name: string): string | undefined {
    const value = this.tree.get(name)
    return typeof value === 'string' ? value.trim() : undefined
  }

  /** A scalar parameter with '' when absent. */
  text (name: string): string {
    return this.str(name) ?? ''
  }

  /** A flag; undefined when absent. */
  bool (name: string): boolean | undefined {
    const value = this.str(name)
    return value === undefined ? undefined : parseBool(value)
  }

  /** An integer (PHP cast); undefined when absent. */
  int (name: string): number | undefined {
    const value = this.str(name)
    return value === undefined ? undefined : parseInt10(value)
  }

  /** An array parameter as a Map of scalars (nested arrays are skipped); undefined when absent or scalar. */
  map (name: string): Map<string, string> | undefined {
    const value = this.tree.get(name)
    if (!(value instanceof Map)) return undefined
    const out = new Map<string, string>()
    for (const [key, item] of value) {
      if (typeof item === 'string') out.set(key, item)
    }
    return out
  }
}

/** WHMCS's paging: `limitstart` (offset, default 0) and `limitnum` (page size; 25 unless positive). */
export function paging (params: Params): { start: number, num: number } {
  const num = params.int('limitnum') ?? 25
  return { start: Math.max(0, params.int('limitstart') ?? 0), num: num > 0 ? num : 25 }
}
