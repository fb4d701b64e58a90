// A bounded in-memory TTL cache: the memory state store's and the WHMCS client's.

/**
 * A TTL cache bounded in size (oldest entries go first), so callers varying parameters cannot
 * grow it without limit. Values are stored as given: the client clones what it hands out.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V, expiresAt: number }>()

  constructor (readonly ttlMs: number, readonly maxEntries = 1_000, readonly now: () => number = Date.now) {}

  get size (): number { return this.#entries.size }

  get (key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  /** Keeps `value` for `ttlMs` (default the cache's ttlMs); nothing is kept for 0. */
  set (key: string, value: V, ttlMs = this.ttlMs): void {
    if (ttlMs <= 0) return
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs })
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) break
      this.#entries.delete(oldest)
    }
  }

  clear (): void {
    this.#entries.clear()
  }
}
