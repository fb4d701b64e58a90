// Rate limits through the state store. The counting itself is @fastify/rate-limit's own: its
// LocalStore (memory) and its RedisStore (one Lua script, INCR + PEXPIRE) as StateStore.counter.
// The plugin is given SharedRateLimitStore, which counts in the state store and, while a shared
// store fails, in this instance's memory: limits become per instance instead of failing reads.
import { createRequire } from 'node:module'
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { CountingStore, RateLimitHit, StateStore } from './store.js'

type Callback = (error: Error | null, result?: RateLimitHit) => void

const require = createRequire(import.meta.url)
/** @fastify/rate-limit's in-memory store: an LRU of counters. */
export const LocalStore = require('@fastify/rate-limit/store/LocalStore') as
  new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => CountingStore
/** @fastify/rate-limit's Redis store, on an ioredis client. */
export const RedisStore = require('@fastify/rate-limit/store/RedisStore') as
  new (continueExceeding: boolean, exponentialBackoff: boolean, redis: unknown, key?: string) => CountingStore

/** Counts a hit with one of @fastify/rate-limit's stores, as a promise. */
export async function countHit (store: CountingStore, key: string, windowMs: number, max: number): Promise<RateLimitHit> {
  return await new Promise((resolve, reject) => {
    store.incr(key, (err, result) => {
      if (err !== null || result === undefined) reject(err ?? new Error('no count'))
      else resolve({ current: result.current, ttl: result.ttl })
    }, windowMs, max)
  })
}

/**
 * The `store` option of @fastify/rate-limit: counts in `state`, falling back to this instance's
 * memory for as long as the state store fails (the store counts those failures).
 */
export function sharedRateLimitStore (state: StateStore): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #local = new LocalStore(false, false)

    constructor (_options?: unknown, readonly prefix = '') {}

    incr (key: string, callback: Callback, timeWindow?: number, max?: number): void {
      const window = timeWindow as number
      const limit = max as number
      state.counter.incr(this.prefix + key, (err, hit) => {
        if (err === null) callback(null, hit)
        else this.#local.incr(this.prefix + key, callback, window, limit)
      }, window, limit)
    }

    child (routeOptions: { method?: unknown, url?: unknown, routeInfo?: { method?: unknown, url?: unknown } }): FastifyRateLimitStore {
      const info = routeOptions.routeInfo ?? routeOptions
      return new SharedRateLimitStore(undefined, `${this.prefix}${String(info.method)}${String(info.url)}-`)
    }
  }
  return SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor
}
