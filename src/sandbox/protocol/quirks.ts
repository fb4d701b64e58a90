// The quirk switch: arms misbehaviours per action, and the generic rewrites
// of answers that the shape quirks perform.
//
// Shape quirks never know the action: they walk the answer and act on every
// list they find, so they keep working for actions added later. A "list" is
// any array; a "wrapper" is an object with exactly one key whose value is an
// array (WHMCS's `{plural: {singular: [...]}}`, e.g. clients.client). The
// answer's root object is never replaced, only its values.

import type { ActiveQuirk, Json, JsonObject, Quirk, QuirkKind, QuirkSwitch } from '../types.js'

const KINDS: ReadonlySet<QuirkKind> = new Set<QuirkKind>([
  'single-object', 'numeric-keys', 'empty-string', 'empty-object', 'missing-list',
  'numeric-strings', 'html-escaped', 'warning', 'status-error', 'error', 'html',
  'empty-body', 'truncated', 'php-notice', 'http-error', 'reset', 'slow'
])

export type ShapeQuirkKind = 'single-object' | 'numeric-keys' | 'empty-string' | 'empty-object' |
  'missing-list' | 'numeric-strings' | 'html-escaped'

const SHAPE_KINDS: ReadonlySet<QuirkKind> = new Set<QuirkKind>([
  'single-object', 'numeric-keys', 'empty-string', 'empty-object', 'missing-list',
  'numeric-strings', 'html-escaped'
])

export function isShapeQuirk (quirk: Quirk): quirk is Quirk & { kind: ShapeQuirkKind } {
  return SHAPE_KINDS.has(quirk.kind)
}

interface Entry extends ActiveQuirk {
  key: string
}

function keyOf (action: string): string {
  return action.trim().toLowerCase()
}

/** The sandbox's QuirkSwitch, plus take() for the server. */
export class QuirkRegistry implements QuirkSwitch {
  private entries: Entry[] = []

  set (action: string, quirk: Quirk): void {
    this.clear(action)
    this.add(action, quirk)
  }

  add (action: string, quirk: Quirk): void {
    if (!KINDS.has(quirk.kind)) throw new TypeError(`unknown quirk kind '${String(quirk.kind)}'`)
    const remaining = quirk.times ?? Infinity
    if (!(remaining > 0)) return
    this.entries.push({ key: keyOf(action), action, quirk: { ...quirk }, remaining })
  }

  clear (action?: string): void {
    if (action === undefined) {
      this.entries = []
      return
    }
    const key = keyOf(action)
    this.entries = this.entries.filter(e => e.key !== key)
  }

  active (): ActiveQuirk[] {
    return this.entries.map(({ action, quirk, remaining }) => ({ action, quirk: { ...quirk }, remaining }))
  }

  /** The quirks that apply to one call of `action` (in the order armed); counts the call against them. */
  take (action: string): Quirk[] {
    const key = keyOf(action)
    const taken: Quirk[] = []
    for (const entry of this.entries) {
      if (entry.key !== key && entry.key !== '*') continue
      taken.push(entry.quirk)
      entry.remaining--
    }
    this.entries = this.entries.filter(e => e.remaining > 0)
    return taken
  }
}

// ---------------------------------------------------------------- shape rewrites

const OMIT = Symbol('omit')
type Rewritten = Json | typeof OMIT

/** PHP htmlspecialchars() with ENT_QUOTES (PHP 8.1's default flags). */
export function htmlEscape (text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#039;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function rewriteList (list: Json[], kind: ShapeQuirkKind): Rewritten {
  switch (kind) {
    case 'single-object':
      return list.length === 1 ? list[0] : list
    case 'numeric-keys':
      return list.length === 0 ? list : Object.fromEntries(list.map((item, i) => [String(i), item]))
    case 'empty-string':
      return list.length === 0 ? '' : list
    case 'empty-object':
      return list.length === 0 ? {} : list
    case 'missing-list':
      return list.length === 0 ? OMIT : list
    default:
      return list
  }
}

function rewrite (value: Json, kind: ShapeQuirkKind): Rewritten {
  if (typeof value === 'number') return kind === 'numeric-strings' ? String(value) : value
  if (typeof value === 'string') return kind === 'html-escaped' ? htmlEscape(value) : value
  if (value === null || typeof value === 'boolean') return value
  if (Array.isArray(value)) {
    const items = value.map(item => {
      const out = rewrite(item, kind)
      // A list inside a list keeps its place even when it would be left out.
      return out === OMIT ? item : out
    })
    return rewriteList(items, kind)
  }
  // A wrapper around an empty list stands for the list itself for '' and missing keys.
  const keys = Object.keys(value)
  if (keys.length === 1) {
    const inner = value[keys[0]]
    if (Array.isArray(inner) && inner.length === 0) {
      if (kind === 'empty-string') return ''
      if (kind === 'missing-list') return OMIT
    }
  }
  return rewriteObject(value, kind)
}

function rewriteObject (value: JsonObject, kind: ShapeQuirkKind): JsonObject {
  const out: JsonObject = {}
  for (const [key, item] of Object.entries(value)) {
    const rewritten = rewrite(item, kind)
    if (rewritten !== OMIT) out[key] = rewritten
  }
  return out
}

/** Apply the shape quirks, in order, to an answer. The answer itself is not modified. */
export function applyShapeQuirks (body: JsonObject, quirks: Quirk[]): JsonObject {
  let out = body
  for (const quirk of quirks) {
    if (isShapeQuirk(quirk)) out = rewriteObject(out, quirk.kind)
  }
  return out
}
