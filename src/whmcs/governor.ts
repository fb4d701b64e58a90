// The upstream governor's parts: a concurrency limiter with a bounded FIFO queue, a circuit
// breaker, a retry budget, full-jitter backoff and a short-TTL cache. WHMCS is PHP behind a few
// workers and falls over under bursts (QUIRKS.md 19); the WhmcsClient puts every call through
// these, so no route needs code of its own. Nothing here knows about HTTP or WHMCS errors: the
// client decides what an outcome means and turns refusals into WhmcsTransportErrors.

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
 */
export class Limiter {
  #active = 0
  readonly #queue: Waiter[] = []

  constructor (readonly max: number, readonly queueLimit: number) {}

  get active (): number { return this.#active }
  get queued (): number { return this.#queue.length }

  /**
   * Resolves once a slot is held (call `release()` exactly once afterwards). Rejects with a
   * LimiterRejection: at once when the queue is full, or when `deadlineAt` (epoch ms) passes
   * or `signal` aborts while waiting.
   */
  acquire (deadlineAt: number, signal?: AbortSignal): Promise<void> {
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

  release (): void {
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

  set (key: string, value: V): void {
    if (this.ttlMs <= 0) return
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: this.now() + this.ttlMs })
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
