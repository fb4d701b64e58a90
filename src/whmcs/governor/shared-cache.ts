// The governor's cache of reference reads, shared by the instances on one state store, with
// coalescing of identical reads across them.
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { StateStore } from '../../state/store.js'

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
      // The instance that held the lock may have stored its answer between this one's miss and
      // its lock: look again before calling WHMCS.
      if (typeof token === 'string') {
        const stored = await this.store.cacheGet(id).catch(() => undefined)
        if (stored !== undefined) return { text: stored, cached: true }
      }
      const text = JSON.stringify(await load())
      await this.store.cacheSet(id, text, this.ttlMs).catch(() => {})
      return { text, cached: false }
    } finally {
      if (typeof token === 'string') this.store.unlock(id, token).catch(() => {})
    }
  }
}
