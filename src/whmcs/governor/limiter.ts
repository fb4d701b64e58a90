// The governor's concurrency limiter: a bounded FIFO queue in front of a few slots, so bursts
// wait their turn (or are refused at once) instead of reaching WHMCS, which is PHP behind a few
// workers and falls over under them. The WhmcsClient composes it with the other governor parts.
import type { GlobalSemaphore } from './global-semaphore.js'

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
