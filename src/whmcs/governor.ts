// The upstream governor's parts: a concurrency limiter with a bounded FIFO queue (and, when
// several instances share a state store, a global cap of leases across them), a circuit breaker,
// a retry budget, full-jitter backoff and a short-TTL cache with coalescing of identical reads.
// WHMCS is PHP behind a few workers and falls over under bursts (QUIRKS.md 19); the WhmcsClient
// puts every call through these, so no route needs code of its own. Nothing here knows about
// HTTP or WHMCS errors: the client decides what an outcome means and turns refusals into
// WhmcsTransportErrors.
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { StateStore } from '../state/store.js'

/**
 * Reference reads that rarely change: cached for `cacheTtlMs`, and identical concurrent calls
 * share one upstream call. Only reads belong here; a write must never be added. Not GetProducts
 * and GetPromotions (every order changes a product's stock and a promotion's use count), nor
 * GetSupportDepartments (its answer carries each department's live ticket counts).
 */
export const CACHED_ACTIONS: ReadonlySet<string> = new Set([
  'GetCurrencies',
  'GetTLDPricing',
  'GetPermissionsList',
  'WhmcsDetails'
])

// ---------------------------------------------------------------- limiter

/** Why the limiter refused a slot: the queue was full, the deadline passed, or the caller gave up. */
export class LimiterRejection extends Error {
  constructor (readonly reason: 'overloaded' | 'deadline' | 'cancelled', readonly abortReason?: unknown) {
    super(`limiter: ${reason}`)
    this.name = 'LimiterRejection'
  }
}

interface Waiter {
  resolve: () => void
  reject: (err: unknown) => void
  timer: NodeJS.Timeout
  signal?: AbortSignal
  onAbort?: () => void
}

/**
 * At most `max` holders at once; up to `queueLimit` more wait, first come first served. A
 * released slot passes straight to the oldest waiter, so late arrivals cannot jump the queue.
 * With a `global` semaphore, a holder of a local slot also takes one of its leases before it
 * goes on, so the instances sharing it stay under one cap together.
 */
export class Limiter {
  #active = 0
  readonly #queue: Waiter[] = []

  constructor (readonly max: number, readonly queueLimit: number, readonly global?: GlobalSemaphore) {}

  get active (): number { return this.#active }
  get queued (): number { return this.#queue.length }

  /**
   * Resolves once a slot is held (call `release()` exactly once afterwards). Rejects with a
   * LimiterRejection: at once when the queue is full, or when `deadlineAt` (epoch ms) passes
   * or `signal` aborts while waiting.
   */
  acquire (deadlineAt: number, signal?: AbortSignal): Promise<void> {
    const local = this.#acquireLocal(deadlineAt, signal)
    const global = this.global
    if (global === undefined) return local
    return local.then(async () => {
      try {
        await global.acquire(deadlineAt, signal)
      } catch (err) {
        this.#releaseLocal()
        throw err
      }
    })
  }

  release (): void {
    this.global?.release()
    this.#releaseLocal()
  }

  #acquireLocal (deadlineAt: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(new LimiterRejection('cancelled', signal.reason))
    const wait = deadlineAt - Date.now()
    if (wait <= 0) return Promise.reject(new LimiterRejection('deadline'))
    if (this.#active < this.max && this.#queue.length === 0) {
      this.#active++
      return Promise.resolve()
    }
    if (this.#queue.length >= this.queueLimit) return Promise.reject(new LimiterRejection('overloaded'))
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => { this.#drop(waiter, new LimiterRejection('deadline')) }, wait),
        signal
      }
      if (signal !== undefined) {
        waiter.onAbort = () => { this.#drop(waiter, new LimiterRejection('cancelled', signal.reason)) }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      this.#queue.push(waiter)
    })
  }

  #releaseLocal (): void {
    const next = this.#queue.shift()
    if (next === undefined) {
      this.#active = Math.max(0, this.#active - 1)
      return
    }
    this.#settle(next)
    next.resolve()
  }

  #drop (waiter: Waiter, err: LimiterRejection): void {
    const i = this.#queue.indexOf(waiter)
    if (i === -1) return
    this.#queue.splice(i, 1)
    this.#settle(waiter)
    waiter.reject(err)
  }

  #settle (waiter: Waiter): void {
    clearTimeout(waiter.timer)
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort)
  }
}

// ---------------------------------------------------------------- global cap

/** How often a caller waiting for a global lease asks again (jittered ±50 %). */
export const LEASE_POLL_MS = 10

/**
 * The cap on WHMCS calls in flight across every instance sharing a state store: `limit` leases
 * in the store, taken per call and given back after it. A lease lives `leaseMs` and is renewed
 * every third of that while held, so the leases of an instance that died lapse by themselves.
 * While the store fails, calls go on under the local cap alone (counted by the store).
 * Leases are interchangeable: release() gives back any one this instance holds.
 */
export class GlobalSemaphore {
  /** Leases held; null for a call admitted without one while the store failed. */
  readonly #held: Array<string | null> = []
  #timer: NodeJS.Timeout | undefined

  constructor (
    readonly store: Pick<StateStore, 'acquireLease' | 'renewLeases' | 'releaseLease'>,
    readonly name: string,
    readonly limit: number,
    readonly leaseMs: number
  ) {}

  /** Calls of this instance holding a lease (or admitted without one). */
  get held (): number { return this.#held.length }

  async acquire (deadlineAt: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted === true) throw new LimiterRejection('cancelled', signal.reason)
      let token: string | undefined
      try {
        token = await this.store.acquireLease(this.name, this.limit, this.leaseMs)
      } catch {
        this.#held.push(null)
        return
      }
      if (token !== undefined) {
        this.#held.push(token)
        this.#keepAlive()
        return
      }
      const wait = Math.min(Math.round(LEASE_POLL_MS * (0.5 + Math.random())), deadlineAt - Date.now())
      if (wait <= 0) throw new LimiterRejection('deadline')
      try {
        await sleep(wait, undefined, { signal })
      } catch {
        throw new LimiterRejection('cancelled', signal?.reason)
      }
    }
  }

  release (): void {
    const token = this.#held.pop()
    if (this.#held.length === 0) this.#stop()
    // A lease that cannot be given back lapses after leaseMs.
    if (typeof token === 'string') this.store.releaseLease(this.name, token).catch(() => {})
  }

  #keepAlive (): void {
    if (this.#timer !== undefined) return
    this.#timer = setInterval(() => {
      const tokens = this.#held.filter((t): t is string => t !== null)
      if (tokens.length > 0) this.store.renewLeases(this.name, tokens, this.leaseMs).catch(() => {})
    }, Math.max(1, Math.floor(this.leaseMs / 3)))
    this.#timer.unref()
  }

  #stop (): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }
}

// ---------------------------------------------------------------- circuit breaker

export type BreakerState = 'closed' | 'open' | 'half-open'

/**
 * What a call's outcome says about WHMCS's health. `neutral` is no evidence either way (the
 * call never reached WHMCS, the caller gave up, or the failure is one of that request alone).
 */
export type BreakerOutcome = 'success' | 'failure' | 'neutral'

/** The right to send one call; hand it back with `record()` exactly once. */
export interface BreakerTicket {
  readonly probe: boolean
  readonly generation: number
}

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold: number
  /** How long it stays open before letting one probe through. */
  cooldownMs: number
  /** Called on every state change (the client logs it). */
  onTransition?: (from: BreakerState, to: BreakerState, info: { failures: number }) => void
  now?: () => number
}

/**
 * Closed: calls pass; `threshold` consecutive failures open it. Open: calls are refused for
 * `cooldownMs`. Half-open: exactly one probe passes (the others are refused); its success
 * closes the breaker, its failure opens it for another cooldown, a neutral outcome frees the
 * probe slot for the next call. Outcomes of calls admitted before the last state change
 * (stragglers) are ignored, so only the probe decides in half-open.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed'
  #failures = 0
  #openedAt = 0
  #probing = false
  #generation = 0
  readonly #opts: BreakerOptions
  readonly #now: () => number

  constructor (opts: BreakerOptions) {
    this.#opts = opts
    this.#now = opts.now ?? Date.now
  }

  get state (): BreakerState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#opts.cooldownMs) {
      this.#transition('half-open')
    }
    return this.#state
  }

  /**
   * 0 when a call would be admitted now, otherwise how long to wait before trying again (the
   * rest of the cooldown; while a probe is out, a short guess). Claims nothing.
   */
  refusedFor (): number {
    const state = this.state
    if (state === 'closed') return 0
    if (state === 'open') return Math.max(1, this.#opts.cooldownMs - (this.#now() - this.#openedAt))
    return this.#probing ? Math.min(1_000, this.#opts.cooldownMs) : 0
  }

  /** A ticket to send one call, or undefined when the breaker refuses it. */
  admit (): BreakerTicket | undefined {
    const state = this.state
    if (state === 'closed') return { probe: false, generation: this.#generation }
    if (state === 'half-open' && !this.#probing) {
      this.#probing = true
      return { probe: true, generation: this.#generation }
    }
    return undefined
  }

  record (ticket: BreakerTicket, outcome: BreakerOutcome): void {
    if (ticket.generation !== this.#generation) return
    if (ticket.probe) {
      this.#probing = false
      if (outcome === 'success') this.#transition('closed')
      else if (outcome === 'failure') this.#transition('open')
      return
    }
    if (this.#state !== 'closed') return
    if (outcome === 'success') {
      this.#failures = 0
    } else if (outcome === 'failure') {
      this.#failures++
      if (this.#failures >= this.#opts.threshold) this.#transition('open')
    }
  }

  #transition (to: BreakerState): void {
    const from = this.#state
    const failures = this.#failures
    this.#state = to
    this.#generation++
    this.#probing = false
    if (to === 'open') this.#openedAt = this.#now()
    if (to === 'closed') this.#failures = 0
    this.#opts.onTransition?.(from, to, { failures })
  }
}

// ---------------------------------------------------------------- retry budget

export interface RetryBudgetOptions {
  /** Retries earned by each first attempt: 0.2 lets retries add at most 20 % on top. */
  ratio: number
  /** Retries earned per second regardless of traffic, so a quiet service can still retry. */
  minPerSecond: number
  /** Most retries that can be saved up and spent at once. */
  burst: number
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { ratio: 0.2, minPerSecond: 10, burst: 10 }

/**
 * A token bucket shared by every call of a client: each first attempt deposits `ratio`
 * tokens, time deposits `minPerSecond`, the bucket holds at most `burst`, and each retry
 * withdraws one. Over any period T the retries are at most burst + ratio × calls +
 * minPerSecond × T, so retries cannot multiply an outage's load.
 */
export class RetryBudget {
  #balance: number
  #last: number
  readonly #opts: RetryBudgetOptions
  readonly #now: () => number

  constructor (opts: Partial<RetryBudgetOptions> = {}, now: () => number = () => performance.now()) {
    this.#opts = { ...DEFAULT_RETRY_BUDGET, ...opts }
    this.#now = now
    this.#balance = this.#opts.burst
    this.#last = now()
  }

  /** Records a first attempt. */
  deposit (): void {
    this.#refill()
    this.#balance = Math.min(this.#opts.burst, this.#balance + this.#opts.ratio)
  }

  /** Takes one retry from the budget; false when it is spent. */
  tryWithdraw (): boolean {
    this.#refill()
    // A little slack, so that five deposits of 0.2 do make one retry despite floating point.
    if (this.#balance < 1 - 1e-9) return false
    this.#balance = Math.max(0, this.#balance - 1)
    return true
  }

  #refill (): void {
    const now = this.#now()
    const elapsed = Math.max(0, now - this.#last) / 1000
    this.#last = now
    this.#balance = Math.min(this.#opts.burst, this.#balance + elapsed * this.#opts.minPerSecond)
  }
}

// ---------------------------------------------------------------- backoff

export const BACKOFF_BASE_MS = 100
export const BACKOFF_CAP_MS = 2_000

/** Full jitter: a uniform delay in [0, min(cap, base × 2^(retry-1))] before retry number `retry` (1-based). */
export function backoffDelay (retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1))
  return Math.floor(random() * ceiling)
}

// ---------------------------------------------------------------- cache

/** How often a read waiting for another instance's identical call looks for its answer. */
export const COALESCE_POLL_MS = 20

/**
 * The cache of reference reads in a state store, and their coalescing across instances: the
 * first caller takes a short lock and calls WHMCS; the others (in other instances: callers in
 * the same instance share one promise in the client) wait for its answer to appear in the
 * cache. The lock lasts as long as the caller's deadline, so a holder that died frees it. While
 * the store fails, each instance reads for itself. Answers are kept as JSON text, so every
 * caller parses its own copy.
 */
export class SharedCache {
  constructor (
    readonly store: Pick<StateStore, 'cacheGet' | 'cacheSet' | 'lock' | 'unlock'>,
    readonly ttlMs: number,
    /** Keeps the answers of different WHMCS installs apart in one store. */
    readonly namespace: string
  ) {}

  /** The answer to `key`: cached (`cached: true`), or from `load` once it has been stored. */
  async read (key: string, deadlineAt: number, load: () => Promise<unknown>): Promise<{ text: string, cached: boolean }> {
    const id = createHash('sha256').update(this.namespace).update('\n').update(key).digest('base64url')
    const hit = await this.store.cacheGet(id).catch(() => undefined)
    if (hit !== undefined) return { text: hit, cached: true }
    // undefined: another instance holds the lock; null: the store failed, so go alone.
    const lock = async (): Promise<string | undefined | null> =>
      await this.store.lock(id, Math.max(1, deadlineAt - Date.now())).catch(() => null)
    let token = await lock()
    while (token === undefined && Date.now() < deadlineAt) {
      await sleep(Math.round(COALESCE_POLL_MS * (0.5 + Math.random())))
      const found = await this.store.cacheGet(id).catch(() => undefined)
      if (found !== undefined) return { text: found, cached: true }
      token = await lock()
    }
    try {
      const text = JSON.stringify(await load())
      await this.store.cacheSet(id, text, this.ttlMs).catch(() => {})
      return { text, cached: false }
    } finally {
      if (typeof token === 'string') this.store.unlock(id, token).catch(() => {})
    }
  }
}

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
