// The state store shared by several instances: Redis, through ioredis. Commands fail at once
// while Redis is unreachable (no offline queue) or after commandTimeoutMs, as a
// StateUnavailableError; the callers then degrade (README, "Running more than one instance").
// The client reconnects by itself; answers that could not be stored meanwhile are kept here and
// written as soon as Redis is back.
import { createHash, randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'
import type { ClaimResult, IdempotencyRecord, IdempotencyScope } from '../idempotency/store.js'
import { RedisStore } from './rate-limit.js'
import {
  noFailures, StateUnavailableError,
  type CountingStore, type StateOperation, type StateStore, type StateStoreStats
} from './store.js'

export interface RedisStateOptions {
  /** redis:// or rediss:// URL (REDIS_URL). */
  url: string
  /** Prefix of every key (REDIS_KEY_PREFIX). */
  keyPrefix: string
  /** How long connect() waits. */
  connectTimeoutMs: number
  /** A command slower than this fails. */
  commandTimeoutMs: number
  logger?: FastifyBaseLogger
  /** Idempotency writes kept while Redis is away, at most. Default 10 000. */
  maxDeferred?: number
}

// SET NX PX is the claim: of two instances claiming one key, exactly one gets it. The other
// reads what holds the key in the same step, so a claim cannot vanish between the two.
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`

// Deletes a key only if it still holds what this instance put there (a claim or a lock that
// lapsed may have been taken by another instance since).
const DELETE_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

// Leases of a semaphore: a sorted set of tokens scored by expiry, in Redis's own clock so the
// instances' clocks do not matter. Expired leases (a dead instance's) are dropped first.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`
const KEEP_SET = `
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease) end`
const LEASE_ACQUIRE = `${NOW}
local lease = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + lease, ARGV[3])${KEEP_SET}
return 1`
const LEASE_RENEW = `${NOW}
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i]) end${KEEP_SET}
return 0`
const LEASE_COUNT = `${NOW}
return redis.call('ZCARD', KEYS[1])`

interface Scripted {
  idemClaim: (key: string, value: string, ttlMs: number) => Promise<string | null>
  deleteIfEqual: (key: string, value: string) => Promise<number>
  leaseAcquire: (key: string, limit: number, leaseMs: number, token: string) => Promise<number>
  leaseRenew: (key: string, leaseMs: number, ...tokens: string[]) => Promise<number>
  leaseCount: (key: string) => Promise<number>
}

/** What an idempotency key holds in Redis. */
type Entry = { s: 'in-flight', f: string, t: string } | { s: 'done', r: IdempotencyRecord }

/** An idempotency write Redis could not take; retried when it is back. */
type Deferred =
  | { kind: 'complete', value: string, expiresAt: number }
  | { kind: 'release', claim: string }

/** Where Redis is, without credentials, for messages and logs. */
export function redisLocation (url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? u.pathname : ''}`
  } catch {
    return 'REDIS_URL'
  }
}

const errorText = (err: unknown): string => err instanceof Error ? err.message : String(err)

export class RedisStateStore implements StateStore {
  readonly backend = 'redis' as const
  readonly shared = true
  readonly location: string
  readonly #redis: Redis & Scripted
  readonly #counters: CountingStore
  readonly #opts: RedisStateOptions
  readonly #log?: FastifyBaseLogger
  readonly #failures = noFailures()
  /** This instance's claims not yet settled: key -> the value that claimed it. */
  readonly #claims = new Map<string, string>()
  readonly #deferred = new Map<string, Deferred>()
  #flushing: Promise<void> | undefined
  /** Connected, and what was deferred has been written. */
  #up = false
  /** The last command failed (a slow or half-dead Redis may still look connected). */
  #failing = false
  #lastError: string | undefined
  /** connect() succeeded once: later 'ready' events are recoveries. */
  #connected = false
  #closed = false

  constructor (opts: RedisStateOptions) {
    this.#opts = opts
    this.#log = opts.logger
    this.location = redisLocation(opts.url)
    const redis = new Redis(opts.url, {
      lazyConnect: true,
      keyPrefix: opts.keyPrefix,
      // Fail at once while disconnected: a request must not wait for Redis to come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: opts.commandTimeoutMs,
      connectTimeout: opts.connectTimeoutMs,
      // Reconnect for ever, at most a second apart: the service recovers by itself.
      retryStrategy: (times) => Math.min(times * 100, 1_000),
      // Commands issued in the same tick go out in one write: under load most requests are
      // concurrent, and this saves a syscall and a Redis read per command.
      enableAutoPipelining: true
    })
    redis.defineCommand('idemClaim', { numberOfKeys: 1, lua: CLAIM })
    redis.defineCommand('deleteIfEqual', { numberOfKeys: 1, lua: DELETE_IF_EQUAL })
    redis.defineCommand('leaseAcquire', { numberOfKeys: 1, lua: LEASE_ACQUIRE })
    redis.defineCommand('leaseRenew', { numberOfKeys: 1, lua: LEASE_RENEW })
    redis.defineCommand('leaseCount', { numberOfKeys: 1, lua: LEASE_COUNT })
    this.#redis = redis as Redis & Scripted
    this.#counters = new RedisStore(false, false, redis, 'rate-limit:')
    redis.on('error', (err: Error) => {
      this.#lastError = err.message
    })
    redis.on('close', () => {
      if (!this.#up || this.#closed) return
      this.#up = false
      this.#log?.warn({ redis: this.location }, 'Redis connection lost: writes with an Idempotency-Key answer 503 and rate limits, cache and WHMCS concurrency cap are per instance until it is back')
    })
    redis.on('ready', () => {
      if (this.#up || this.#closed || !this.#connected) return
      // #flush() never rejects: what it cannot write stays deferred for the next try.
      this.#flush().then(() => {
        this.#up = true
        this.#failing = false
        this.#log?.info({ redis: this.location, deferred: this.#deferred.size }, 'Redis is back: state is shared again')
      }, () => {})
    })
  }

  async connect (): Promise<void> {
    if (this.#connected) return
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        this.#redis.connect(),
        new Promise((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`no answer within ${this.#opts.connectTimeoutMs} ms`)) }, this.#opts.connectTimeoutMs) })
      ])
      await this.#redis.ping()
    } catch (err) {
      this.#redis.disconnect()
      const reason = this.#lastError ?? errorText(err)
      throw new StateUnavailableError(`Redis at ${this.location} (REDIS_URL) cannot be reached: ${reason}. Instances share idempotency records, rate limits and the WHMCS concurrency cap through it, so the service does not start without it.`)
    } finally {
      clearTimeout(timer)
    }
    this.#connected = true
    this.#up = true
  }

  stats (): StateStoreStats {
    return { backend: 'redis', healthy: this.#up && !this.#failing, failures: { ...this.#failures } }
  }

  // ------------------------------------------------------------ idempotency

  async claim (scope: IdempotencyScope, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    const key = idempotencyKey(scope)
    // An answer given while Redis was away is replayed from here, Redis or not.
    const deferred = this.#deferred.get(key)
    if (deferred?.kind === 'complete' && deferred.expiresAt > Date.now()) return { kind: 'done', record: (JSON.parse(deferred.value) as Entry & { s: 'done' }).r }
    if (this.#deferred.size > 0) await this.#flush()
    const claim = JSON.stringify({ s: 'in-flight', f: fingerprint, t: randomUUID() } satisfies Entry)
    const held = await this.#run('idempotency', async () => await this.#redis.idemClaim(key, claim, ttlMs))
    if (held === null) {
      this.#claims.set(key, claim)
      if (this.#claims.size > 100_000) this.#claims.delete(this.#claims.keys().next().value as string)
      return { kind: 'claimed' }
    }
    const entry = JSON.parse(held) as Entry
    return entry.s === 'done' ? { kind: 'done', record: entry.r } : { kind: 'in-flight', fingerprint: entry.f }
  }

  async complete (scope: IdempotencyScope, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    const key = idempotencyKey(scope)
    this.#claims.delete(key)
    const value = JSON.stringify({ s: 'done', r: record } satisfies Entry)
    try {
      await this.#run('idempotency', async () => await this.#redis.set(key, value, 'PX', ttlMs))
    } catch {
      // The write has happened; its answer must reach Redis before the claim there lapses.
      this.#defer(key, { kind: 'complete', value, expiresAt: Date.now() + ttlMs })
    }
  }

  async release (scope: IdempotencyScope): Promise<void> {
    const key = idempotencyKey(scope)
    const claim = this.#claims.get(key)
    if (claim === undefined) return
    this.#claims.delete(key)
    try {
      await this.#run('idempotency', async () => await this.#redis.deleteIfEqual(key, claim))
    } catch {
      this.#defer(key, { kind: 'release', claim })
    }
  }

  #defer (key: string, op: Deferred): void {
    this.#deferred.delete(key)
    this.#deferred.set(key, op)
    const max = this.#opts.maxDeferred ?? 10_000
    while (this.#deferred.size > max) this.#deferred.delete(this.#deferred.keys().next().value as string)
    this.#log?.warn({ redis: this.location, pending: this.#deferred.size }, 'Redis is unreachable: an Idempotency-Key answer is kept in memory and written when it is back')
  }

  /** Writes what was deferred; what still fails stays for the next try. */
  async #flush (): Promise<void> {
    this.#flushing ??= (async () => {
      for (const [key, op] of [...this.#deferred]) {
        try {
          if (op.kind === 'complete') {
            const ttl = op.expiresAt - Date.now()
            if (ttl > 0) await this.#run('idempotency', async () => await this.#redis.set(key, op.value, 'PX', ttl))
          } else {
            await this.#run('idempotency', async () => await this.#redis.deleteIfEqual(key, op.claim))
          }
          if (this.#deferred.get(key) === op) this.#deferred.delete(key)
        } catch {
          return
        }
      }
    })().finally(() => { this.#flushing = undefined })
    await this.#flushing
  }

  // ------------------------------------------------------------ rate limits, cache, locks, leases

  readonly counter: CountingStore = {
    incr: (key, callback, timeWindow, max) => {
      this.#counters.incr(key, (err, result) => {
        if (err === null) {
          this.#failing = false
          callback(null, result)
        } else {
          callback(this.#failed('rate_limit', err))
        }
      }, timeWindow, max)
    }
  }

  async cacheGet (key: string): Promise<string | undefined> {
    return await this.#run('cache', async () => (await this.#redis.get(`cache:${key}`)) ?? undefined)
  }

  async cacheSet (key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return
    await this.#run('cache', async () => await this.#redis.set(`cache:${key}`, value, 'PX', ttlMs))
  }

  async lock (key: string, ttlMs: number): Promise<string | undefined> {
    const token = randomUUID()
    const ok = await this.#run('lock', async () => await this.#redis.set(`lock:${key}`, token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'))
    return ok === 'OK' ? token : undefined
  }

  async unlock (key: string, token: string): Promise<void> {
    await this.#run('lock', async () => await this.#redis.deleteIfEqual(`lock:${key}`, token))
  }

  async acquireLease (name: string, limit: number, leaseMs: number): Promise<string | undefined> {
    const token = randomUUID()
    const got = await this.#run('lease', async () => await this.#redis.leaseAcquire(`lease:${name}`, limit, leaseMs, token))
    return got === 1 ? token : undefined
  }

  async renewLeases (name: string, tokens: string[], leaseMs: number): Promise<void> {
    if (tokens.length === 0) return
    await this.#run('lease', async () => await this.#redis.leaseRenew(`lease:${name}`, leaseMs, ...tokens))
  }

  async releaseLease (name: string, token: string): Promise<void> {
    await this.#run('lease', async () => await this.#redis.zrem(`lease:${name}`, token))
  }

  async leases (name: string): Promise<number> {
    return await this.#run('lease', async () => await this.#redis.leaseCount(`lease:${name}`))
  }

  // ------------------------------------------------------------ plumbing

  async #run<T> (operation: StateOperation, command: () => Promise<T>): Promise<T> {
    try {
      const value = await command()
      this.#failing = false
      return value
    } catch (err) {
      throw this.#failed(operation, err)
    }
  }

  #failed (operation: StateOperation, err: unknown): StateUnavailableError {
    this.#failures[operation]++
    this.#failing = true
    return new StateUnavailableError(`Redis at ${this.location} failed (${operation}): ${errorText(err)}`, operation, { cause: err })
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#up = false
    if (this.#deferred.size > 0) this.#log?.error({ redis: this.location, lost: this.#deferred.size }, 'closing with Idempotency-Key answers that never reached Redis')
    try {
      if (this.#redis.status === 'ready') await this.#redis.quit()
      else this.#redis.disconnect()
    } catch {
      this.#redis.disconnect()
    }
  }
}

/** The Redis key of an idempotency scope: hashed, so any owner and key fit, and none collide. */
const idempotencyKey = (scope: IdempotencyScope): string =>
  `idempotency:${createHash('sha256').update(JSON.stringify([scope.owner, scope.key])).digest('base64url')}`
