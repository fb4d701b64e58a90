// The state store of a single instance: everything in this process's memory. Idempotency
// records come from MemoryIdempotencyStore, rate-limit counters from @fastify/rate-limit's
// LocalStore, cached texts from the governor's TtlCache; locks and leases are maps with expiry.
import { randomUUID } from 'node:crypto'
import { MemoryIdempotencyStore, type MemoryStoreOptions } from '../idempotency/memory.js'
import { TtlCache } from './ttl-cache.js'
import { LocalStore } from './rate-limit.js'
import { noFailures, type CountingStore, type StateStore, type StateStoreStats } from './store.js'

export class MemoryStateStore extends MemoryIdempotencyStore implements StateStore {
  readonly backend = 'memory' as const
  readonly shared = false
  readonly #now: () => number
  readonly counter: CountingStore = new LocalStore(false, false)
  readonly #cache: TtlCache<string>
  readonly #locks = new Map<string, { token: string, expiresAt: number }>()
  readonly #leases = new Map<string, Map<string, number>>()

  constructor (opts: MemoryStoreOptions & { maxCacheEntries?: number } = {}) {
    super(opts)
    this.#now = opts.now ?? Date.now
    this.#cache = new TtlCache<string>(0, opts.maxCacheEntries ?? 1_000, this.#now)
  }

  async connect (): Promise<void> {}

  stats (): StateStoreStats {
    return { backend: 'memory', healthy: true, failures: noFailures() }
  }

  async cacheGet (key: string): Promise<string | undefined> {
    return this.#cache.get(key)
  }

  async cacheSet (key: string, value: string, ttlMs: number): Promise<void> {
    this.#cache.set(key, value, ttlMs)
  }

  async lock (key: string, ttlMs: number): Promise<string | undefined> {
    const now = this.#now()
    const held = this.#locks.get(key)
    if (held !== undefined && held.expiresAt > now) return undefined
    const token = randomUUID()
    this.#locks.set(key, { token, expiresAt: now + ttlMs })
    return token
  }

  async unlock (key: string, token: string): Promise<void> {
    if (this.#locks.get(key)?.token === token) this.#locks.delete(key)
  }

  async acquireLease (name: string, limit: number, leaseMs: number): Promise<string | undefined> {
    const leases = this.#live(name)
    if (leases.size >= limit) return undefined
    const token = randomUUID()
    leases.set(token, this.#now() + leaseMs)
    return token
  }

  async renewLeases (name: string, tokens: string[], leaseMs: number): Promise<void> {
    const leases = this.#live(name)
    for (const token of tokens) if (leases.has(token)) leases.set(token, this.#now() + leaseMs)
  }

  async releaseLease (name: string, token: string): Promise<void> {
    this.#leases.get(name)?.delete(token)
  }

  async leases (name: string): Promise<number> {
    return this.#live(name).size
  }

  /** The semaphore's leases, the expired ones dropped. */
  #live (name: string): Map<string, number> {
    let leases = this.#leases.get(name)
    if (leases === undefined) this.#leases.set(name, leases = new Map())
    const now = this.#now()
    for (const [token, expiresAt] of leases) if (expiresAt <= now) leases.delete(token)
    return leases
  }

  override async close (): Promise<void> {
    await super.close()
    this.#cache.clear()
    this.#locks.clear()
    this.#leases.clear()
  }
}
