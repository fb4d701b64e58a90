// The governor's cap across instances: leases in the shared state store.
import { setTimeout as sleep } from 'node:timers/promises'
import type { StateStore } from '../../state/store.js'
import { LimiterRejection } from './limiter.js'

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
