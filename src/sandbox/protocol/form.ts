// application/x-www-form-urlencoded bodies, decoded the way PHP fills $_POST.
//
// PHP turns bracket keys into nested arrays: `a[0][b]=c` gives
// ['a' => [0 => ['b' => 'c']]], `a[]=x&a[]=y` appends, and in the top-level
// name spaces and dots become underscores. This module reproduces that with
// ordered Maps (PHP arrays keep insertion order; JS objects do not for
// integer-like keys).

/** A PHP request value: a string or an ordered array of values. */
export type FormValue = string | FormArray
export type FormArray = Map<string, FormValue>

export interface ParsedForm {
  /** Decoded key → value, bracket keys left as sent. A repeated key keeps its last value. */
  flat: Record<string, string>
  /** The same fields as PHP would see them in $_POST. */
  tree: FormArray
}

/** PHP's urldecode(): '+' is a space, %XX a byte; invalid escapes are kept as they are. */
export function urlDecode (text: string): string {
  if (!/[%+]/.test(text)) return text
  const bytes: number[] = []
  const raw = Buffer.from(text, 'utf8')
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]
    if (b === 0x2b) {
      bytes.push(0x20)
    } else if (b === 0x25 && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      bytes.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16))
      i += 2
    } else {
      bytes.push(b)
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function isHex (b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}

/** Split a urlencoded string into decoded [key, value] pairs, in order. */
export function decodePairs (body: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const piece of body.split('&')) {
    if (piece === '') continue
    const eq = piece.indexOf('=')
    const key = urlDecode(eq === -1 ? piece : piece.slice(0, eq))
    const value = eq === -1 ? '' : urlDecode(piece.slice(eq + 1))
    pairs.push([key, value])
  }
  return pairs
}

/**
 * Split a PHP variable name into its path: 'a[0][b]' → ['a', '0', 'b'];
 * an empty segment ('a[]') is returned as null (append). Returns undefined
 * for names PHP drops (empty base name).
 */
export function splitBracketKey (name: string): Array<string | null> | undefined {
  // PHP skips leading spaces of the variable name.
  let rest = name.replace(/^ +/, '')
  const open = rest.indexOf('[')
  let base: string
  const path: Array<string | null> = []
  if (open === -1 || rest.indexOf(']', open) === -1) {
    // No (complete) bracket: the whole name is the base; PHP turns a lone '[' into '_'.
    base = rest.replace(/[ .[]/g, '_')
    rest = ''
  } else {
    base = rest.slice(0, open).replace(/[ .]/g, '_')
    rest = rest.slice(open)
  }
  if (base === '') return undefined
  path.push(base)
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close === -1) break
    const segment = rest.slice(1, close)
    path.push(segment === '' ? null : segment)
    // PHP ignores anything after a closing bracket that does not open another one.
    rest = rest.slice(close + 1)
  }
  return path
}

function nextIndex (array: FormArray): string {
  let max = -1
  for (const key of array.keys()) {
    if (/^(0|-?[1-9][0-9]*)$/.test(key)) max = Math.max(max, Number(key))
  }
  return String(max + 1)
}

/** Set `value` at `path` inside `tree`, creating (or overwriting scalars with) arrays on the way, like PHP. */
function assign (tree: FormArray, path: Array<string | null>, value: string): void {
  let node = tree
  for (let i = 0; i < path.length; i++) {
    const key = path[i] ?? nextIndex(node)
    if (i === path.length - 1) {
      node.set(key, value)
      return
    }
    let child = node.get(key)
    if (!(child instanceof Map)) {
      child = new Map()
      node.set(key, child)
    }
    node = child
  }
}

/** Parse a form body (and, optionally, the query string PHP would merge under it). */
export function parseForm (body: string, query = ''): ParsedForm {
  const flat: Record<string, string> = {}
  const tree: FormArray = new Map()
  // PHP's default request_order is "GP": POST fields override query fields.
  for (const [key, value] of [...decodePairs(query), ...decodePairs(body)]) {
    flat[key] = value
    const path = splitBracketKey(key)
    if (path !== undefined) assign(tree, path, value)
  }
  return { flat, tree }
}
