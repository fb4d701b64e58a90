// The governor's circuit breaker: after repeated failures WHMCS is left alone for a while.
// Nothing here knows about HTTP or WHMCS errors: the client says what an outcome means.

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
