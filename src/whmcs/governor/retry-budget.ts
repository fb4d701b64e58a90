// The governor's retry budget: retries can add only a bounded share on top of first attempts.

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
