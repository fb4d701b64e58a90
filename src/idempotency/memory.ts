// The in-process idempotency store: one Map, expired lazily on access and by a periodic sweep,
// bounded in size. Good for a single instance; several instances need a shared store.
import type { ClaimResult, IdempotencyRecord, IdempotencyScope, IdempotencyStore } from './store.js'

export interface MemoryStoreOptions {
  /** Entries kept at most (claims and records together). Default 100 000. */
  maxEntries?: number
  /** How often expired entries are swept out. Default one minute. */
  sweepIntervalMs?: number
  /** The clock, in milliseconds. Default Date.now. */
  now?: () => number
}

type Entry =
  | { state: 'in-flight', fingerprint: string, expiresAt: number }
  | { state: 'done', record: IdempotencyRecord, expiresAt: number }

const copy = (record: IdempotencyRecord): IdempotencyRecord => ({ ...record, headers: { ...record.headers } })

export class MemoryIdempotencyStore implements IdempotencyStore {
  // Insertion order is age order: an entry is deleted and set again whenever it changes.
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number
  readonly #now: () => number
  #timer: NodeJS.Timeout | undefined

  constructor (opts: MemoryStoreOptions = {}) {
    this.#maxEntries = Math.max(1, opts.maxEntries ?? 100_000)
    this.#now = opts.now ?? Date.now
    this.#timer = setInterval(() => this.sweep(), opts.sweepIntervalMs ?? 60_000)
    this.#timer.unref()
  }

  /** Entries held, expired ones not yet swept included. */
  get size (): number {
    return this.#entries.size
  }

  async claim (scope: IdempotencyScope, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    // No await before the Map is updated: the check and the claim are one step.
    const id = scopeId(scope)
    const now = this.#now()
    const entry = this.#live(id, now)
    if (entry?.state === 'in-flight') return { kind: 'in-flight', fingerprint: entry.fingerprint }
    if (entry?.state === 'done') return { kind: 'done', record: copy(entry.record) }
    this.#makeRoom(now)
    this.#entries.set(id, { state: 'in-flight', fingerprint, expiresAt: now + ttlMs })
    return { kind: 'claimed' }
  }

  async complete (scope: IdempotencyScope, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    const id = scopeId(scope)
    const now = this.#now()
    if (!this.#entries.delete(id)) this.#makeRoom(now)
    this.#entries.set(id, { state: 'done', record: copy(record), expiresAt: now + ttlMs })
  }

  async release (scope: IdempotencyScope): Promise<void> {
    const id = scopeId(scope)
    if (this.#entries.get(id)?.state === 'in-flight') this.#entries.delete(id)
  }

  /** Drops every expired entry; returns how many. */
  sweep (now = this.#now()): number {
    let dropped = 0
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id)
        dropped++
      }
    }
    return dropped
  }

  async close (): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    this.#entries.clear()
  }

  #live (id: string, now: number): Entry | undefined {
    const entry = this.#entries.get(id)
    if (entry !== undefined && entry.expiresAt <= now) {
      this.#entries.delete(id)
      return undefined
    }
    return entry
  }

  /** Makes room for one more entry: expired ones go first, then the oldest records, then the oldest claims. */
  #makeRoom (now: number): void {
    if (this.#entries.size < this.#maxEntries) return
    this.sweep(now)
    if (this.#entries.size < this.#maxEntries) return
    // Free a batch (1 %) so the full scans stay rare while the store is at its bound.
    let excess = this.#entries.size - this.#maxEntries + Math.max(1, Math.floor(this.#maxEntries / 100))
    for (const pass of ['done', 'in-flight'] as const) {
      for (const [id, entry] of this.#entries) {
        if (excess === 0) return
        if (entry.state === pass) {
          this.#entries.delete(id)
          excess--
        }
      }
    }
  }
}

const scopeId = (scope: IdempotencyScope): string => JSON.stringify([scope.owner, scope.key])
