// The one WHMCS client: one undici Pool per upstream, form-encoded POSTs to includes/api.php,
// answers decoded into results or typed WhmcsErrors. It never logs parameters or credentials.
// Every call goes through the upstream governor (governor/, one file a part, composed here): a
// concurrency cap with a bounded queue, a deadline, retries of reads within a budget, a circuit
// breaker and a short-TTL cache of reference reads, so every route gets them with no code of its
// own. WHMCS is PHP behind a small worker pool (PHP-FPM's default is 5), so a burst of calls
// queues inside it and times out instead of being served.
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { Pool } from 'undici'
import type { FastifyBaseLogger } from 'fastify'
import type { ActionName, ActionParams, ActionResult } from './actions.js'
import { decodeResponse, type ResponseType } from './decode.js'
import { encodeForm, type FormValue } from './encode.js'
import { WhmcsApiError, WhmcsError, WhmcsTransportError } from './errors.js'
import { breakerOutcome, retriable, transportError } from './failures.js'
import { backoffDelay } from './governor/backoff.js'
import { CircuitBreaker, type BreakerState, type BreakerTicket } from './governor/breaker.js'
import { GlobalSemaphore } from './governor/global-semaphore.js'
import { Limiter, LimiterRejection } from './governor/limiter.js'
import { RetryBudget, type RetryBudgetOptions } from './governor/retry-budget.js'
import { SharedCache } from './governor/shared-cache.js'
import { LEASE_MS, loadConfig, type GovernorConfig } from '../config.js'
import { MemoryStateStore } from '../state/memory.js'
import type { StateStore } from '../state/store.js'

export interface WhmcsClientOptions {
  /** The WHMCS base URL, with or without a trailing slash, or the full .../includes/api.php URL. */
  url: string
  identifier: string
  secret: string
  accessKey?: string
  responseType: ResponseType
  /** Connect, headers and body timeout for each attempt (WHMCS_TIMEOUT). */
  timeoutMs: number
  /** Cap on the Pool's connections; the governor's maxConcurrency caps calls in flight. */
  connections: number
  /**
   * The upstream governor: concurrency cap and queue, read retries, breaker, cache.
   * Default: the configuration defaults (`loadConfig({}).settings.governor`).
   */
  governor?: GovernorConfig
  /**
   * Default time a call may take in all (queue, attempts, backoff) when no deadlineAt is given.
   * Default: the configuration default (`loadConfig({}).settings.requestDeadlineMs`).
   */
  deadlineMs?: number
  /**
   * Where the cache of reference reads lives and, when the store is shared (Redis), the leases of
   * the cap across instances (governor.globalMaxConcurrency). Default: a memory store of its own.
   */
  state?: StateStore
  /** Lifetime of a global concurrency lease without renewal. Default LEASE_MS. */
  leaseMs?: number
  /** Tuning of the shared retry budget; the defaults suit every deployment so far. */
  retryBudget?: Partial<RetryBudgetOptions>
  /** The clock of the breaker's cooldown and the retry budget's refill, in ms. Default: the real one; tests drive their own. */
  now?: () => number
  /** Called once per call() when it settles, for metrics. Must not throw (it is guarded anyway). */
  onCall?: (event: WhmcsCallEvent) => void
  logger?: FastifyBaseLogger
}

export interface CallOptions {
  /**
   * A read: retried after transport failures (up to governor.readRetries, within the retry
   * budget and the deadline). Writes never are: WHMCS does not deduplicate them, so a
   * retried write that had arrived would run twice.
   */
  idempotent?: boolean
  /** Aborting it gives up the call; the call then rejects with the signal's reason. */
  signal?: AbortSignal
  /** Epoch ms by which the whole call must be over (default: now + deadlineMs). */
  deadlineAt?: number
  /**
   * True: a reference read, answered from the governor's cache for cacheTtlMs, identical calls in
   * flight sharing one upstream call. Routes declare it (`cache: true`); never for a write. Default false.
   */
  cache?: boolean
}

/** One settled call(), as reported to `onCall`. */
export interface WhmcsCallEvent {
  action: string
  /** 'success', 'api_error', the WhmcsTransportError code, 'cancelled' (caller's signal) or 'error' (a bug). */
  outcome: string
  /** From call() to settling, queue wait and retries included. */
  durationMs: number
  /** Upstream attempts this call made: 0 when served from the cache or refused before sending. */
  attempt: number
  /** Whether the answer came from the cache or from another caller's identical in-flight call. */
  cached: boolean
}

export interface WhmcsStats {
  /** Calls holding a concurrency slot (sending, or waiting for WHMCS). */
  inFlight: number
  /** Calls waiting for a slot. */
  queued: number
  breaker: BreakerState
  /** Cacheable calls answered from the cache or by joining an identical in-flight call. */
  cacheHits: number
  /** Cacheable calls that went upstream. */
  cacheMisses: number
  /** Retries sent (attempts beyond the first). */
  retries: number
  /** Calls refused with WHMCS_OVERLOADED. */
  rejectedOverload: number
}

/**
 * The largest WHMCS answer read (checked against Content-Length, and while reading a chunked one).
 * Real answers are far smaller (list pages hold at most 250 rows); the cap bounds the memory one
 * call can hold while its body is read, so a runaway answer cannot exhaust the process.
 */
const MAX_BODY_BYTES = 8 * 1024 * 1024

/** Accepts `https://host/whmcs`, `https://host/whmcs/` and `https://host/whmcs/includes/api.php`. */
export function apiEndpoint (base: string): URL {
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = /\/includes\/api\.php$/i.test(path) ? path : `${path}/includes/api.php`
  url.search = ''
  url.hash = ''
  return url
}

/** What one call() learned on its way, for onCall and for `reachedWhmcs`. */
interface Trace {
  attempts: number
  reached: boolean
  cached: boolean
}

type RawResult = Record<string, unknown>

const DEADLINE = Symbol('deadline')

/**
 * What undici asks of a request's abort signal (`aborted`, `reason`, an 'abort' event), made for
 * every attempt: an AbortController with its listener costs ~14 µs in Node 20, this ~0.5 µs.
 */
class Abort extends EventEmitter {
  aborted = false
  reason: unknown = undefined

  abort (reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    this.emit('abort')
  }
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
async function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return
  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (signal !== undefined) {
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    }
  })
}

export class WhmcsClient {
  readonly endpoint: URL
  readonly responseType: ResponseType
  readonly #pool: Pool
  readonly #path: string
  readonly #credentials: string
  readonly #log?: FastifyBaseLogger
  readonly #governor: GovernorConfig
  readonly #deadlineMs: number
  readonly #onCall?: (event: WhmcsCallEvent) => void
  readonly #limiter: Limiter
  readonly #breaker: CircuitBreaker
  readonly #budget: RetryBudget
  /** Undefined when cacheTtlMs is 0: no caching and no coalescing. */
  readonly #cache?: SharedCache
  /** In-flight cacheable calls by encoded action + parameters, for coalescing. */
  readonly #pending = new Map<string, Promise<{ text: string, cached: boolean }>>()
  /** The state store this client made for itself (and so closes). */
  readonly #ownState?: MemoryStateStore

  /** How long a call may take by default, queue included (REQUEST_DEADLINE_MS). */
  get deadlineMs (): number {
    return this.#deadlineMs
  }

  #cacheHits = 0
  #cacheMisses = 0
  #retries = 0
  #rejectedOverload = 0
  /** Moving average of attempt latency, for the Retry-After estimate of WHMCS_OVERLOADED. */
  #latencyMs = 0

  constructor (opts: WhmcsClientOptions) {
    this.endpoint = apiEndpoint(opts.url)
    this.responseType = opts.responseType
    this.#path = this.endpoint.pathname
    this.#log = opts.logger
    // Credentials are encoded once and only ever concatenated into the body.
    this.#credentials = encodeForm({
      identifier: opts.identifier,
      secret: opts.secret,
      accesskey: opts.accessKey,
      responsetype: opts.responseType
    })
    this.#pool = new Pool(this.endpoint.origin, {
      connections: opts.connections,
      pipelining: 1,
      connect: { timeout: opts.timeoutMs },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 30_000,
      // Enforced while reading, so a chunked answer without content-length is capped too.
      maxResponseSize: MAX_BODY_BYTES
    })
    const defaults = opts.governor === undefined || opts.deadlineMs === undefined ? loadConfig({}).settings : undefined
    const governor = this.#governor = { ...(opts.governor ?? defaults?.governor as GovernorConfig) }
    this.#deadlineMs = opts.deadlineMs ?? defaults?.requestDeadlineMs as number
    this.#onCall = opts.onCall
    const state = opts.state ?? (this.#ownState = new MemoryStateStore())
    const global = state.shared
      // One cap per WHMCS; its URL is hashed, as it may carry credentials.
      ? new GlobalSemaphore(state, `whmcs:${createHash('sha256').update(this.endpoint.href).digest('base64url')}`, Math.max(1, governor.globalMaxConcurrency ?? governor.maxConcurrency), opts.leaseMs ?? LEASE_MS)
      : undefined
    this.#limiter = new Limiter(Math.max(1, governor.maxConcurrency), Math.max(0, governor.queueLimit), global)
    this.#breaker = new CircuitBreaker({
      threshold: Math.max(1, governor.breakerFailureThreshold),
      cooldownMs: governor.breakerCooldownMs,
      now: opts.now,
      onTransition: (from, to, { failures }) => {
        this.#log?.warn({ from, to, failures, cooldownMs: this.#governor.breakerCooldownMs },
          to === 'open' ? 'WHMCS circuit breaker opened' : to === 'half-open' ? 'WHMCS circuit breaker half-open: letting a probe through' : 'WHMCS circuit breaker closed')
      }
    })
    this.#budget = new RetryBudget(opts.retryBudget, opts.now)
    if (governor.cacheTtlMs > 0) this.#cache = new SharedCache(state, governor.cacheTtlMs, this.endpoint.href)
  }

  /** Counters and gauges of the governor, for metrics and diagnostics. */
  stats (): WhmcsStats {
    return {
      inFlight: this.#limiter.active,
      queued: this.#limiter.queued,
      breaker: this.#breaker.state,
      cacheHits: this.#cacheHits,
      cacheMisses: this.#cacheMisses,
      retries: this.#retries,
      rejectedOverload: this.#rejectedOverload
    }
  }

  /**
   * Calls a WHMCS action through the governor; resolves with its raw answer or rejects with a
   * WhmcsError (or the caller's abort reason when `signal` aborts).
   */
  async call<A extends ActionName> (action: A, params: ActionParams<A>, options: CallOptions = {}): Promise<ActionResult<A>> {
    const started = performance.now()
    const deadlineAt = options.deadlineAt ?? Date.now() + this.#deadlineMs
    const form = encodeForm({ action, ...(params as Record<string, FormValue>) })
    const trace: Trace = { attempts: 0, reached: false, cached: false }
    try {
      if (Date.now() >= deadlineAt) throw this.#deadlineError(action, false, 'The request deadline had passed before the WHMCS call started')
      const result = this.#cache !== undefined && options.cache === true
        ? await this.#cached(action, form, options, deadlineAt, trace)
        : await this.#governed(action, form, options.idempotent === true, deadlineAt, options.signal, trace)
      this.#report(action, 'success', started, trace)
      this.#log?.debug({ action, ms: Math.round(performance.now() - started), attempts: trace.attempts, cached: trace.cached }, 'WHMCS call')
      return result as ActionResult<A>
    } catch (err) {
      if (options.signal?.aborted === true && err === options.signal.reason) {
        this.#report(action, 'cancelled', started, trace)
        throw err
      }
      const e = err instanceof WhmcsError ? err : transportError(err, action)
      const outcome = e instanceof WhmcsApiError ? 'api_error' : e instanceof WhmcsError ? e.code : 'error'
      this.#report(action, outcome, started, trace)
      if (e instanceof WhmcsError) {
        const quiet = e.code === 'WHMCS_OVERLOADED' || e.code === 'WHMCS_CIRCUIT_OPEN'
        this.#log?.[quiet ? 'debug' : 'warn']({ action, code: e.code, attempts: trace.attempts, ms: Math.round(performance.now() - started) }, 'WHMCS call failed')
      }
      throw e
    }
  }

  /**
   * A reference read: from the cache, by joining an identical call in flight here or (with a
   * shared store) in another instance, or upstream.
   */
  async #cached (action: string, form: string, options: CallOptions, deadlineAt: number, trace: Trace): Promise<RawResult> {
    const cache = this.#cache as SharedCache
    let shared = this.#pending.get(form)
    const joined = shared !== undefined
    if (shared === undefined) {
      // The shared call runs under the deadline of the caller that started it, and without its
      // signal: one caller giving up must not fail the others. Errors are never cached.
      shared = cache.read(form, deadlineAt, async () => await this.#governed(action, form, options.idempotent === true, deadlineAt, undefined, trace))
      this.#pending.set(form, shared)
      const forget = (): void => { this.#pending.delete(form) }
      shared.then(forget, forget)
    }
    const { text, cached } = await this.#within(shared, action, deadlineAt, options.signal)
    if (joined || cached) {
      this.#cacheHits++
      trace.cached = true
    } else {
      this.#cacheMisses++
    }
    // Every caller parses its own copy, so none can change what the others (or the cache) see.
    return JSON.parse(text) as RawResult
  }

  /** Waits for a shared call, but no longer than this caller's deadline or signal allow. */
  async #within<T> (promise: Promise<T>, action: string, deadlineAt: number, signal?: AbortSignal): Promise<T> {
    return await new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        done()
        reject(signal?.reason)
      }
      const timer = setTimeout(() => {
        done()
        reject(this.#deadlineError(action, true, 'WHMCS did not answer before the request deadline'))
      }, Math.max(0, deadlineAt - Date.now()))
      if (signal?.aborted === true) onAbort()
      else signal?.addEventListener('abort', onAbort, { once: true })
      promise.then((value) => {
        done()
        resolve(value)
      }, (err: unknown) => {
        done()
        reject(err)
      })
    })
  }

  /** The governed call: breaker, concurrency slot, attempt, and retries of reads. */
  async #governed (action: string, form: string, idempotent: boolean, deadlineAt: number, signal: AbortSignal | undefined, trace: Trace): Promise<RawResult> {
    const body = `${form}&${this.#credentials}`
    let last: WhmcsTransportError | undefined
    for (let attempt = 1; ; attempt++) {
      const ticket = await this.#admit(action, deadlineAt, signal, trace, last)
      if (attempt === 1) this.#budget.deposit()
      trace.attempts = attempt
      const sentAt = performance.now()
      let outcome: { value: RawResult } | { error: unknown }
      try {
        outcome = { value: await this.#attempt(action, body, deadlineAt, signal) }
      } catch (error) {
        outcome = { error }
      }
      const cancelled = signal?.aborted === true && 'error' in outcome && outcome.error === signal.reason
      if (!cancelled) this.#observeLatency(performance.now() - sentAt)
      this.#breaker.record(ticket, 'value' in outcome ? 'success' : cancelled ? 'neutral' : breakerOutcome(outcome.error))
      this.#limiter.release()
      if ('value' in outcome) return outcome.value

      const err = outcome.error
      if (!(err instanceof WhmcsTransportError)) throw err
      trace.reached ||= err.reachedWhmcs
      if (!idempotent || !retriable(err) || attempt > this.#governor.readRetries) throw err
      if (this.#breaker.refusedFor() > 0) throw err
      const delay = backoffDelay(attempt)
      if (Date.now() + delay >= deadlineAt) throw err
      if (!this.#budget.tryWithdraw()) {
        this.#log?.debug({ action, code: err.code }, 'WHMCS retry budget spent; not retrying')
        throw err
      }
      this.#retries++
      this.#log?.warn({ action, code: err.code, attempt, delayMs: delay }, 'WHMCS read failed; retrying')
      last = err
      await sleep(delay, signal)
    }
  }

  /**
   * Waits for the breaker and a concurrency slot; returns the breaker ticket with the slot held.
   * On a retry (`last` set), a refusal by the breaker or a full queue gives back the last error.
   */
  async #admit (action: string, deadlineAt: number, signal: AbortSignal | undefined, trace: Trace, last?: WhmcsTransportError): Promise<BreakerTicket> {
    const refused = this.#breaker.refusedFor()
    if (refused > 0) throw last ?? this.#circuitOpen(action, refused)
    try {
      await this.#limiter.acquire(deadlineAt, signal)
    } catch (err) {
      if (!(err instanceof LimiterRejection)) throw err
      if (err.reason === 'cancelled') throw err.abortReason
      if (err.reason === 'deadline') throw this.#deadlineError(action, trace.reached, 'The request deadline passed while the call waited for a free WHMCS slot')
      if (last !== undefined) throw last
      this.#rejectedOverload++
      throw new WhmcsTransportError('WHMCS_OVERLOADED', 'Too many WHMCS calls are waiting', { action, reachedWhmcs: false, retryAfterMs: this.#overloadRetryAfter() })
    }
    const ticket = this.#breaker.admit()
    if (ticket === undefined) {
      this.#limiter.release()
      throw last ?? this.#circuitOpen(action, this.#breaker.refusedFor())
    }
    return ticket
  }

  /** One HTTP exchange, aborted at the deadline (WHMCS_DEADLINE) or when the caller's signal aborts. */
  async #attempt (action: string, body: string, deadlineAt: number, signal?: AbortSignal): Promise<RawResult> {
    const ctl = new Abort()
    const timer = setTimeout(() => { ctl.abort(DEADLINE) }, Math.max(0, deadlineAt - Date.now()))
    const onAbort = (): void => { ctl.abort(signal?.reason) }
    if (signal?.aborted === true) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    try {
      return await this.#send(action, body, ctl)
    } catch (err) {
      if (ctl.aborted) {
        // Whether the request had reached WHMCS is not known here: it is assumed it had.
        if (ctl.reason === DEADLINE) throw this.#deadlineError(action, true, 'WHMCS did not answer before the request deadline')
        throw signal?.reason
      }
      throw err instanceof WhmcsError ? err : transportError(err, action)
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async #send (action: string, body: string, signal: Abort): Promise<RawResult> {
    const res = await this.#pool.request({
      method: 'POST',
      path: this.#path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: this.responseType === 'json' ? 'application/json' : 'text/xml'
      },
      body,
      signal
    })
    if (Number(res.headers['content-length']) > MAX_BODY_BYTES) {
      res.body.destroy()
      throw new WhmcsTransportError('WHMCS_BAD_RESPONSE', 'WHMCS answered with an oversized body', { action })
    }
    let text: string
    try {
      text = await res.body.text()
    } catch (err) {
      throw transportError(err, action)
    }
    return decodeResponse(action, res.statusCode, text, this.responseType)
  }

  #deadlineError (action: string, reachedWhmcs: boolean, message: string): WhmcsTransportError {
    return new WhmcsTransportError('WHMCS_DEADLINE', message, { action, reachedWhmcs })
  }

  #circuitOpen (action: string, retryAfterMs: number): WhmcsTransportError {
    return new WhmcsTransportError('WHMCS_CIRCUIT_OPEN', 'WHMCS is failing; calls are paused while the circuit breaker is open', { action, reachedWhmcs: false, retryAfterMs })
  }

  /** How long until a queue of this length has drained: queue / concurrency × attempt latency, 1-30 s. */
  #overloadRetryAfter (): number {
    const rounds = Math.ceil((this.#limiter.queued + 1) / this.#limiter.max)
    return Math.min(30_000, Math.max(1_000, Math.round(rounds * this.#latencyMs)))
  }

  #observeLatency (ms: number): void {
    this.#latencyMs = this.#latencyMs === 0 ? ms : this.#latencyMs * 0.8 + ms * 0.2
  }

  #report (action: string, outcome: string, started: number, trace: Trace): void {
    if (this.#onCall === undefined) return
    try {
      this.#onCall({ action, outcome, durationMs: performance.now() - started, attempt: trace.attempts, cached: trace.cached })
    } catch (err) {
      this.#log?.warn({ action, err }, 'WHMCS onCall hook threw')
    }
  }

  async close (): Promise<void> {
    await this.#ownState?.close()
    await this.#pool.close()
  }
}
