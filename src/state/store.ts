// The state that several instances of the service must share to behave as one: idempotency
// records, rate-limit counters, the cache of reference reads with its coalescing lock, and the
// leases of the global WHMCS concurrency cap. One interface, two implementations: memory.ts (one
// instance, the default) and redis.ts (REDIS_URL). test/support/state-store-suite.ts runs against both.
import type { IdempotencyStore } from '../idempotency/store.js'

/** What the store keeps, for its failure counts (`operation` label of the metrics). */
export type StateOperation = 'idempotency' | 'rate_limit' | 'cache' | 'lock' | 'lease'

/** A fixed-window counter after one more hit, as @fastify/rate-limit's stores answer it. */
export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  current: number
  /** Milliseconds until the window ends. */
  ttl: number
}

/**
 * The shape of @fastify/rate-limit's stores (which ship no types): `incr` counts one hit against
 * `key` in a window of `timeWindow` ms, restarted by the first hit after it ends.
 */
export interface CountingStore {
  incr (key: string, callback: (error: Error | null, result?: RateLimitHit) => void, timeWindow: number, max: number): void
}

export interface StateStoreStats {
  backend: 'memory' | 'redis'
  /** False while a shared store cannot be reached; then the service degrades (README). */
  healthy: boolean
  /** Failed operations since start, by what they were for. */
  failures: Record<StateOperation, number>
}

export interface StateStore extends IdempotencyStore {
  readonly backend: 'memory' | 'redis'
  /** Whether several instances see the same state through it. */
  readonly shared: boolean
  /** Ready to use: connects a shared store, or throws a StateUnavailableError saying why not. */
  connect (): Promise<void>
  stats (): StateStoreStats

  /**
   * Rate-limit counters: @fastify/rate-limit's own LocalStore (memory) or RedisStore (Redis), so
   * the counting is the library's. A callback API, so the memory store answers synchronously.
   */
  readonly counter: CountingStore

  /** A cached text, or undefined. */
  cacheGet (key: string): Promise<string | undefined>
  cacheSet (key: string, value: string, ttlMs: number): Promise<void>

  /** Takes an exclusive lock for `ttlMs` at most: a token for unlock(), or undefined when it is held. */
  lock (key: string, ttlMs: number): Promise<string | undefined>
  /** Gives a lock back, if it is still the one `token` took. */
  unlock (key: string, token: string): Promise<void>

  /**
   * Takes one of `limit` leases of the semaphore `name`, for `leaseMs` unless renewed: a token,
   * or undefined when all are held. Expired leases are freed first, so a dead holder's lapse.
   */
  acquireLease (name: string, limit: number, leaseMs: number): Promise<string | undefined>
  /** Extends the leases still held among `tokens` to `leaseMs` from now. */
  renewLeases (name: string, tokens: string[], leaseMs: number): Promise<void>
  releaseLease (name: string, token: string): Promise<void>
  /** Leases held now (expired ones not counted). */
  leases (name: string): Promise<number>
}

/** The shared store cannot be reached (or did not answer in time). */
export class StateUnavailableError extends Error {
  constructor (message: string, readonly operation?: StateOperation, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StateUnavailableError'
  }
}

export const noFailures = (): Record<StateOperation, number> =>
  ({ idempotency: 0, rate_limit: 0, cache: 0, lock: 0, lease: 0 })
