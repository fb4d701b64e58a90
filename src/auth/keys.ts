// API keys: loaded from API_KEYS (raw keys, hashed at once) and API_KEYS_FILE (JSON or YAML with
// SHA-256 hashes), held only as hashes, compared in constant time, checked against the route's
// scope and the caller's address.
import { hash as digest, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { BlockList } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { parse as parseYaml } from 'yaml'
import { addressRanges, inRanges } from './addresses.js'
import { MAX_RATE_PER_MINUTE } from '../config.js'

export interface ApiKey {
  id: string
  name: string
  /** SHA-256 of the key. */
  hash: Buffer
  scopes: ReadonlySet<string>
  /** Source addresses allowed; null for anywhere. */
  allowed: BlockList | null
  /** Requests per minute for this key; null for the service default. */
  ratePerMinute: number | null
  revoked: boolean
}

const SCOPE = '^(\\*|\\*:read|[a-z][a-z-]*:(read|write))$'

const KeyFileEntry = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  hash: Type.String({ pattern: '^(sha256:)?[0-9a-fA-F]{64}$' }),
  scopes: Type.Array(Type.String({ pattern: SCOPE }), { minItems: 1 }),
  cidrs: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MINUTE })),
  revoked: Type.Optional(Type.Boolean())
}, { additionalProperties: false })

const KeyFile = Type.Object({ keys: Type.Array(KeyFileEntry) }, { additionalProperties: false })
type KeyFileEntryT = Static<typeof KeyFileEntry>

export class KeysError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'KeysError'
  }
}

/** SHA-256 of a text's UTF-8 bytes (the one-shot `hash()`: half the cost of a Hash object, on every request). */
export const sha256 = (text: string): Buffer => digest('sha256', text, 'buffer')

/** A new random key: 32 bytes, URL-safe, with a recognisable prefix. */
export function generateKey (): string {
  return `wr_${randomBytes(32).toString('base64url')}`
}

function blockList (cidrs: readonly string[], where: string): BlockList {
  try {
    return addressRanges(cidrs)
  } catch (err) {
    throw new KeysError(`${where}: ${(err as Error).message}`)
  }
}

function fromEntry (e: KeyFileEntryT, where: string): ApiKey {
  return {
    id: e.id,
    name: e.name,
    hash: Buffer.from(e.hash.replace(/^sha256:/, ''), 'hex'),
    scopes: new Set(e.scopes),
    allowed: e.cidrs === undefined || e.cidrs.length === 0 ? null : blockList(e.cidrs, `${where} key ${e.id}`),
    ratePerMinute: e.ratePerMinute ?? null,
    revoked: e.revoked === true
  }
}

/** Reads a keys file (JSON or YAML: `{ keys: [{ id, name, hash, scopes, cidrs?, ratePerMinute?, revoked? }] }`). */
export function readKeysFile (path: string): ApiKey[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new KeysError(`API_KEYS_FILE cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`)
  }
  let doc: unknown
  try {
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text)
  } catch {
    throw new KeysError('API_KEYS_FILE is neither valid JSON nor valid YAML')
  }
  const first = Value.Errors(KeyFile, doc)[0]
  if (first !== undefined) throw new KeysError(`API_KEYS_FILE${first.instancePath.replaceAll('/', '.')} ${first.message}`)
  const entries = (doc as Static<typeof KeyFile>).keys
  const ids = new Set<string>()
  for (const e of entries) {
    if (ids.has(e.id)) throw new KeysError(`API_KEYS_FILE: key id ${e.id} appears twice`)
    ids.add(e.id)
  }
  return entries.map((e) => fromEntry(e, 'API_KEYS_FILE'))
}

/** Full-access keys from API_KEYS, hashed as they are read. */
export function rawKeys (keys: readonly string[]): ApiKey[] {
  return keys.map((key, i) => ({
    id: `env-${i + 1}`,
    name: `API_KEYS #${i + 1}`,
    hash: sha256(key),
    scopes: new Set(['*']),
    allowed: null,
    ratePerMinute: null,
    revoked: false
  }))
}

/** The keys a service accepts. */
export class KeyRing {
  readonly #keys: ApiKey[]

  constructor (keys: ApiKey[]) {
    this.#keys = keys
  }

  get size (): number {
    return this.#keys.length
  }

  /** The key matching a presented secret, comparing every hash in constant time. */
  find (presented: string): ApiKey | null {
    const hash = sha256(presented)
    let found: ApiKey | null = null
    for (const key of this.#keys) {
      // No early exit: the time taken does not tell which key, or whether any, matched.
      if (timingSafeEqual(key.hash, hash) && found === null) found = key
    }
    return found
  }
}

/** Whether a key's scopes allow `<group>:<access>`. */
export function allows (key: ApiKey, scope: string): boolean {
  if (key.scopes.has('*') || key.scopes.has(scope)) return true
  return scope.endsWith(':read') && key.scopes.has('*:read')
}

/** Whether a key may be used from an address (IPv4-mapped IPv6 is checked as IPv4). */
export function allowedFrom (key: ApiKey, address: string): boolean {
  return key.allowed === null || inRanges(key.allowed, address)
}

/** The scope a declared route needs: its group, lower-case and hyphenated, and its access level. */
export const scopeOf = (group: string, access: 'read' | 'write'): string =>
  `${group.trim().toLowerCase().replace(/\s+/g, '-')}:${access}`

/**
 * The keys configured by API_KEYS and API_KEYS_FILE (both may be used); null when
 * authentication is disabled.
 */
export function loadKeyRing (auth: { rawKeys: readonly string[], keysFile?: string, disabled: boolean }): KeyRing | null {
  if (auth.disabled) return null
  const keys = [...rawKeys(auth.rawKeys), ...(auth.keysFile === undefined ? [] : readKeysFile(auth.keysFile))]
  return new KeyRing(keys)
}
