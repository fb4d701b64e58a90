// The upstream governor inside the WhmcsClient, over real HTTP on 127.0.0.1: the WHMCS sandbox
// with its quirk switch, and small node:http servers that count and hold requests. No mocks of
// undici; timing bounds are generous because CI machines are small.
import type { FastifyBaseLogger } from 'fastify'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import t, { type Test } from 'tap'
import type { GovernorConfig } from '../../src/config.js'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { WhmcsClient, type WhmcsCallEvent, type WhmcsClientOptions } from '../../src/whmcs/client.js'
import { WhmcsApiError, WhmcsTransportError } from '../../src/whmcs/errors.js'
import { backoffDelay } from '../../src/whmcs/governor/backoff.js'
import { CircuitBreaker } from '../../src/whmcs/governor/breaker.js'
import { Limiter } from '../../src/whmcs/governor/limiter.js'
import { RetryBudget } from '../../src/whmcs/governor/retry-budget.js'
import { TtlCache } from '../../src/state/ttl-cache.js'
import { MemoryStateStore } from '../../src/state/memory.js'
import { failure, ManualClock, until } from '../support/fixtures.js'

const GOVERNOR: GovernorConfig = {
  maxConcurrency: 4,
  queueLimit: 64,
  readRetries: 2,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 10_000,
  cacheTtlMs: 30_000
}

interface ClientOptions extends Partial<Omit<WhmcsClientOptions, 'governor'>> {
  governor?: Partial<GovernorConfig>
}

async function sandboxFor (t: Test, opts?: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox(opts)
  t.teardown(() => sandbox.close())
  return sandbox
}

function clientFor (t: Test, target: Sandbox | string, opts: ClientOptions = {}): WhmcsClient {
  const base = typeof target === 'string'
    ? { url: target, identifier: 'raw-identifier', secret: 'raw-secret' }
    : { url: target.url, identifier: target.identifier, secret: target.secret }
  const client = new WhmcsClient({
    ...base,
    responseType: 'json',
    timeoutMs: 5_000,
    connections: 32,
    deadlineMs: 10_000,
    ...opts,
    governor: { ...GOVERNOR, ...opts.governor }
  })
  t.teardown(() => client.close())
  return client
}

interface Raw {
  url: string
  /** Requests received so far. */
  count: () => number
  /** Most requests open at once. */
  max: () => number
  /** The `limitnum` field of each request, in order of arrival. */
  order: number[]
}

/** A node:http server on 127.0.0.1; `handle` answers each request once its body has arrived. */
async function rawServer (t: Test, handle: (res: ServerResponse, req: IncomingMessage, n: number) => void): Promise<Raw> {
  let count = 0
  let open = 0
  let max = 0
  const order: number[] = []
  const server = createServer((req, res) => {
    open++
    max = Math.max(max, open)
    let closed = false
    const done = (): void => {
      if (closed) return
      closed = true
      open--
    }
    res.on('close', done)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const n = count++
      order.push(Number(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('limitnum')))
      handle(res, req, n)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count, max: () => max, order }
}

const success = (res: ServerResponse): void => {
  if (res.destroyed) return
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"result":"success","totalresults":0,"clients":""}')
}

const unavailable = (res: ServerResponse): void => {
  res.writeHead(503, { 'content-type': 'text/html' })
  res.end('<html><body>503 Service Unavailable</body></html>')
}

/** Answers success after `ms`. */
const after = (ms: number) => (res: ServerResponse): void => { setTimeout(() => success(res), ms) }

/** Settles a promise into its error (or undefined on success), for Promise.all over calls. */
async function settle (promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
    return undefined
  } catch (err) {
    return err
  }
}

/** A pino logger whose lines are collected in `lines`. */
function capturingLogger (): { logger: FastifyBaseLogger, lines: Array<Record<string, unknown>>, text: () => string } {
  const raw: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _enc, cb) {
      raw.push(chunk.toString('utf8'))
      cb()
    }
  })
  return {
    logger: pino({ level: 'debug' }, stream) as unknown as FastifyBaseLogger,
    get lines () { return raw.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>) },
    text: () => raw.join('')
  }
}

// ---------------------------------------------------------------- concurrency cap and queue

t.test('no more than maxConcurrency calls are in flight under 20 concurrent calls', async (t) => {
  const raw = await rawServer(t, after(60))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 3 } })
  const calls = Array.from({ length: 20 }, (_, i) => client.call('GetClients', { limitnum: i }))
  t.match(client.stats(), { inFlight: 3, queued: 17 }, 'three sent, the others wait')
  const results = await Promise.all(calls)
  t.equal(results.length, 20)
  t.equal(raw.count(), 20)
  t.equal(raw.max(), 3, 'the server saw exactly the cap at once, never more')
  t.match(client.stats(), { inFlight: 0, queued: 0 })
})

t.test('waiting calls are sent first come, first served', async (t) => {
  const raw = await rawServer(t, after(10))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 1 } })
  await Promise.all(Array.from({ length: 10 }, (_, i) => client.call('GetClients', { limitnum: i })))
  t.same(raw.order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
})

t.test('a full queue rejects at once with WHMCS_OVERLOADED and sends nothing', async (t) => {
  const raw = await rawServer(t, after(300))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 1, queueLimit: 2 } })
  const held = Array.from({ length: 3 }, (_, i) => client.call('GetClients', { limitnum: i }))
  t.match(client.stats(), { inFlight: 1, queued: 2 })
  for (const idempotent of [true, false]) {
    // Refused at admission: the calls holding the slot and the queue are all still pending.
    const err = await failure(t, client.call('GetClients', { limitnum: 99 }, { idempotent }))
    t.match(client.stats(), { inFlight: 1, queued: 2 }, 'refused while every held call was still waiting')
    t.type(err, WhmcsTransportError)
    t.equal(err.code, 'WHMCS_OVERLOADED')
    t.equal((err as WhmcsTransportError).reachedWhmcs, false, 'safe to send again, even for a write')
    t.ok(((err as WhmcsTransportError).retryAfterMs ?? 0) >= 1_000, 'with a Retry-After estimate')
  }
  await Promise.all(held)
  t.equal(raw.count(), 3, 'the refused calls never reached the server')
  t.notOk(raw.order.includes(99))
  t.equal(client.stats().rejectedOverload, 2)
})

t.test('a queue limit of 0 refuses any call while every slot is busy', async (t) => {
  const raw = await rawServer(t, after(200))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 2, queueLimit: 0 } })
  const held = [client.call('GetClients', {}), client.call('GetClients', {})]
  const err = await failure(t, client.call('GetClients', {}))
  t.equal(err.code, 'WHMCS_OVERLOADED')
  await Promise.all(held)
  await client.call('GetClients', {})
  t.equal(raw.count(), 3)
})

// ---------------------------------------------------------------- deadline

t.test('a call whose deadline passes while it waits leaves the queue with WHMCS_DEADLINE', async (t) => {
  const raw = await rawServer(t, after(600))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 1 } })
  let firstDone = false
  const first = client.call('GetClients', { limitnum: 1 }).finally(() => { firstDone = true })
  const err = await failure(t, client.call('GetClients', { limitnum: 2 }, { idempotent: true, deadlineAt: Date.now() + 150 }))
  t.equal(err.code, 'WHMCS_DEADLINE')
  t.equal((err as WhmcsTransportError).reachedWhmcs, false)
  t.notOk(firstDone, 'it gave up before the slot was free')
  t.match(client.stats(), { inFlight: 1, queued: 0 }, 'it left the queue')
  await first
  // One more call through the freed slot: had the expired one been sent, it would arrive first.
  await client.call('GetClients', { limitnum: 3 })
  t.same(raw.order, [1, 3], 'it was never sent')
})

t.test('a call whose deadline has passed already is refused without being sent', async (t) => {
  const raw = await rawServer(t, success)
  const client = clientFor(t, raw.url)
  const err = await failure(t, client.call('GetClients', {}, { deadlineAt: Date.now() - 1 }))
  t.equal(err.code, 'WHMCS_DEADLINE')
  t.equal((err as WhmcsTransportError).reachedWhmcs, false)
  t.equal(raw.count(), 0)
})

t.test('a slow WHMCS is abandoned at the deadline with WHMCS_DEADLINE', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'slow', delayMs: 3_000 })
  const client = clientFor(t, sandbox, { deadlineMs: 300 })
  for (const idempotent of [true, false]) {
    const before = sandbox.calls.length
    const err = await failure(t, client.call('GetClients', {}, { idempotent }))
    // The per-attempt timeout (5 s) and the answer (3 s) both come later: only the deadline ends it.
    t.equal(err.code, 'WHMCS_DEADLINE', idempotent ? 'read' : 'write')
    t.equal((err as WhmcsTransportError).reachedWhmcs, true, 'the request had been sent')
    t.equal(sandbox.calls.length - before, 1, 'not sent again')
  }
})

t.test('deadlineAt overrides the default deadline', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'slow', delayMs: 2_000 })
  const client = clientFor(t, sandbox, { deadlineMs: 10_000 })
  const err = await failure(t, client.call('GetClients', {}, { deadlineAt: Date.now() + 200 }))
  // Under the 10 s default the answer (2 s) would have come in time: a deadline error is deadlineAt's.
  t.equal(err.code, 'WHMCS_DEADLINE')
  t.equal(sandbox.calls.length, 1)
})

t.test('the per-attempt timeout still answers WHMCS_TIMEOUT before a later deadline', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'slow', delayMs: 2_000 })
  const client = clientFor(t, sandbox, { timeoutMs: 200, deadlineMs: 5_000 })
  const err = await failure(t, client.call('GetClients', {}))
  t.equal(err.code, 'WHMCS_TIMEOUT')
  t.equal(sandbox.calls.length, 1)
})

t.test('a caller aborting a queued call frees its place with the abort reason', async (t) => {
  const raw = await rawServer(t, after(300))
  const client = clientFor(t, raw.url, { governor: { maxConcurrency: 1 } })
  const first = client.call('GetClients', { limitnum: 1 })
  const ctl = new AbortController()
  const queued = settle(client.call('GetClients', { limitnum: 2 }, { signal: ctl.signal }))
  const reason = new Error('the caller went away')
  ctl.abort(reason)
  t.equal(await queued, reason)
  t.equal(client.stats().queued, 0)
  await first
  t.same(raw.order, [1])
})

t.test('a caller aborting a call in flight gets the abort reason, and the breaker does not count it', async (t) => {
  const raw = await rawServer(t, after(2_000))
  const client = clientFor(t, raw.url, { governor: { breakerFailureThreshold: 1 } })
  const ctl = new AbortController()
  const call = settle(client.call('GetClients', {}, { signal: ctl.signal, idempotent: true }))
  await until(() => raw.count() === 1)
  ctl.abort(new Error('gone'))
  t.match(await call, { message: 'gone' })
  t.equal(client.stats().breaker, 'closed')
  t.equal(raw.count(), 1, 'not retried')
})

// ---------------------------------------------------------------- retries

t.test('a read is retried after resets until it succeeds', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'reset', times: 2 })
  const client = clientFor(t, sandbox, { governor: { readRetries: 2 } })
  const result = await client.call('GetClients', {}, { idempotent: true })
  t.equal(result.result, 'success')
  t.equal(sandbox.calls.length, 3)
  t.equal(client.stats().retries, 2)
})

t.test('a read is retried after 502, 503 and 504 until it succeeds', async (t) => {
  for (const httpStatus of [502, 503, 504]) {
    const sandbox = await sandboxFor(t)
    sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus, times: 1 })
    const result = await clientFor(t, sandbox).call('GetClients', {}, { idempotent: true })
    t.equal(result.result, 'success', String(httpStatus))
    t.equal(sandbox.calls.length, 2)
  }
})

t.test('a read is attempted at most readRetries + 1 times', async (t) => {
  for (const readRetries of [0, 1, 3]) {
    const sandbox = await sandboxFor(t)
    sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus: 503 })
    const client = clientFor(t, sandbox, { governor: { readRetries, breakerFailureThreshold: 100 } })
    const err = await failure(t, client.call('GetClients', {}, { idempotent: true }))
    t.equal(err.code, 'WHMCS_HTTP_ERROR')
    t.equal(sandbox.calls.length, readRetries + 1, `readRetries ${readRetries}`)
  }
})

t.test('business errors, bad responses and other HTTP errors are not retried', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox)
  const cases: Array<[Parameters<typeof sandbox.quirks.set>[1], string]> = [
    [{ kind: 'error', message: 'Client Not Found' }, 'WHMCS_API_ERROR'],
    [{ kind: 'warning', message: 'Payment gateway is offline' }, 'WHMCS_API_ERROR'],
    [{ kind: 'html' }, 'WHMCS_BAD_RESPONSE'],
    [{ kind: 'empty-body' }, 'WHMCS_BAD_RESPONSE'],
    [{ kind: 'truncated' }, 'WHMCS_BAD_RESPONSE'],
    [{ kind: 'http-error', httpStatus: 500 }, 'WHMCS_HTTP_ERROR'],
    [{ kind: 'html', httpStatus: 403 }, 'WHMCS_HTTP_ERROR']
  ]
  for (const [quirk, code] of cases) {
    sandbox.quirks.set('GetClients', quirk)
    const before = sandbox.calls.length
    const err = await failure(t, client.call('GetClients', {}, { idempotent: true }))
    t.equal(err.code, code, JSON.stringify(quirk))
    t.equal(sandbox.calls.length - before, 1, 'sent once')
  }
  t.equal(client.stats().retries, 0)
})

t.test('a write is never retried: reset, 503, unreachable', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { governor: { readRetries: 5 } })
  for (const quirk of [{ kind: 'reset' }, { kind: 'http-error', httpStatus: 503 }] as const) {
    sandbox.quirks.set('UpdateClient', quirk)
    const before = sandbox.calls.length
    const err = await failure(t, client.call('UpdateClient', { clientid: 1, companyname: 'Once Only Ltd' }))
    t.type(err, WhmcsTransportError)
    t.equal(sandbox.calls.length - before, 1, `${quirk.kind}: sent exactly once`)
  }
  t.equal(client.stats().retries, 0)
})

t.test('a write that times out is not sent again', async (t) => {
  // AddClient stands in for a payment: WHMCS would run it twice if it were sent twice.
  const sandbox = await sandboxFor(t)
  // undici checks its timeouts on a coarse timer: the answer must come well after 200 ms.
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 1_500 })
  const client = clientFor(t, sandbox, { timeoutMs: 200, governor: { readRetries: 5 } })
  const err = await failure(t, client.call('AddClient', { firstname: 'Pay', lastname: 'Once', email: 'pay.once@example.com', skipvalidation: true }))
  t.equal(err.code, 'WHMCS_TIMEOUT')
  t.equal((err as WhmcsTransportError).reachedWhmcs, true, 'the caller is told WHMCS may have acted')
  // call() settles only once its retries are over: a re-send would have been made by now.
  t.equal(sandbox.calls.length, 1, 'exactly one upstream call')
  t.equal(client.stats().retries, 0, 'no retry')
})

t.test('a write to an unreachable WHMCS is not retried and says it never arrived', async (t) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const events: WhmcsCallEvent[] = []
  const client = clientFor(t, `http://127.0.0.1:${port}`, { onCall: (e) => events.push(e) })
  const err = await failure(t, client.call('UpdateClient', { clientid: 1 }))
  t.equal(err.code, 'WHMCS_UNREACHABLE')
  t.equal((err as WhmcsTransportError).reachedWhmcs, false)
  t.match(events, [{ outcome: 'WHMCS_UNREACHABLE', attempt: 1 }])
})

t.test('the retry budget stops a retry storm', async (t) => {
  const calls = 100
  // The budget's clock stands still, so time earns no retries: only the saved-up and per-call ones.
  const storm = async (opts: ClientOptions): Promise<{ attempts: number, retries: number }> => {
    const raw = await rawServer(t, unavailable)
    const clock = new ManualClock()
    const client = clientFor(t, raw.url, { now: clock.now, ...opts, governor: { maxConcurrency: 8, queueLimit: 1_000, readRetries: 3, breakerFailureThreshold: 1_000 } })
    const errors = await Promise.all(Array.from({ length: calls }, () => settle(client.call('GetClients', {}, { idempotent: true }))))
    t.ok(errors.every((e) => e instanceof WhmcsTransportError && e.code === 'WHMCS_HTTP_ERROR'), 'every call failed')
    return { attempts: raw.count(), retries: client.stats().retries }
  }
  // Without a budget (an unlimited one) every read is sent readRetries + 1 times.
  const unlimited = await storm({ retryBudget: { burst: 1e9, minPerSecond: 1e9 } })
  t.equal(unlimited.attempts, calls * 4, 'no budget: 4 attempts per read')
  // With the default budget: 10 saved up, 0.2 per call, 10 per second.
  const budget = await storm({})
  const bound = calls + 10 + 0.2 * calls
  t.ok(budget.attempts <= bound, `${budget.attempts} attempts for ${calls} reads (bound ${bound})`)
  t.ok(budget.attempts < calls * 2, 'retries add well under 100 %')
  t.ok(budget.retries > 0, 'some retries were still allowed')
  t.equal(budget.retries, budget.attempts - calls, 'stats count every retry')
})

t.test('a read is not retried past its deadline', async (t) => {
  const raw = await rawServer(t, (res) => { setTimeout(() => unavailable(res), 150) })
  const client = clientFor(t, raw.url, { governor: { readRetries: 5, breakerFailureThreshold: 100 } })
  const err = await failure(t, client.call('GetClients', {}, { idempotent: true, deadlineAt: Date.now() + 400 }))
  t.ok(err.code === 'WHMCS_HTTP_ERROR' || err.code === 'WHMCS_DEADLINE', err.code)
  t.ok(raw.count() <= 3, `${raw.count()} attempts fit in the deadline`)
})

// ---------------------------------------------------------------- circuit breaker

t.test('the breaker opens, rejects fast, half-opens, and closes after a good probe', async (t) => {
  const sandbox = await sandboxFor(t)
  const log = capturingLogger()
  const clock = new ManualClock()
  const client = clientFor(t, sandbox, {
    logger: log.logger,
    now: clock.now,
    governor: { breakerFailureThreshold: 3, breakerCooldownMs: 300, readRetries: 0 }
  })
  sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus: 503 })
  for (let i = 0; i < 3; i++) {
    t.equal(client.stats().breaker, 'closed')
    t.equal((await failure(t, client.call('GetClients', {}))).code, 'WHMCS_HTTP_ERROR')
  }
  t.equal(client.stats().breaker, 'open', 'open after 3 consecutive failures')
  t.equal(sandbox.calls.length, 3)

  sandbox.quirks.clear()
  clock.advance(100)
  const err = await failure(t, client.call('GetClients', {}, { idempotent: true }))
  t.equal(err.code, 'WHMCS_CIRCUIT_OPEN')
  t.equal((err as WhmcsTransportError).reachedWhmcs, false)
  t.equal((err as WhmcsTransportError).retryAfterMs, 200, 'Retry-After is the rest of the cooldown')
  t.equal(sandbox.calls.length, 3, 'nothing sent while open')

  clock.advance(199)
  t.equal(client.stats().breaker, 'open', 'still open 1 ms before the cooldown ends')
  clock.advance(1)
  t.equal(client.stats().breaker, 'half-open')
  sandbox.quirks.set('GetClients', { kind: 'slow', delayMs: 100 })
  const [probe, other] = await Promise.all([settle(client.call('GetClients', {})), settle(client.call('GetClients', {}))])
  t.equal(probe, undefined, 'the probe went through and succeeded')
  t.match(other, { code: 'WHMCS_CIRCUIT_OPEN' }, 'the second call was refused while the probe was out')
  t.equal(sandbox.calls.length, 4, 'one probe only')
  t.equal(client.stats().breaker, 'closed', 'closed by the successful probe')

  await client.call('GetClients', {})
  t.equal(sandbox.calls.length, 5)

  const transitions = log.lines.filter((l) => l.level === 40 && String(l.msg).includes('circuit breaker')).map((l) => l.to)
  t.same(transitions, ['open', 'half-open', 'closed'], 'every transition is logged as a warning')
  t.notMatch(log.text(), sandbox.secret, 'the secret is never logged')
  t.notMatch(log.text(), sandbox.identifier, 'the identifier is never logged')
})

t.test('a failed probe opens the breaker for another cooldown', async (t) => {
  const sandbox = await sandboxFor(t)
  const clock = new ManualClock()
  const client = clientFor(t, sandbox, { now: clock.now, governor: { breakerFailureThreshold: 2, breakerCooldownMs: 300, readRetries: 0 } })
  sandbox.quirks.set('GetClients', { kind: 'reset' })
  await failure(t, client.call('GetClients', {}))
  await failure(t, client.call('GetClients', {}))
  t.equal(client.stats().breaker, 'open')
  clock.advance(300)
  t.equal(client.stats().breaker, 'half-open')
  t.equal((await failure(t, client.call('GetClients', {}))).code, 'WHMCS_CONNECTION_RESET', 'the probe was sent and failed')
  t.equal(sandbox.calls.length, 3)
  t.equal(client.stats().breaker, 'open', 'open again')
  const err = await failure(t, client.call('GetClients', {}))
  t.equal(err.code, 'WHMCS_CIRCUIT_OPEN')
  t.equal((err as WhmcsTransportError).retryAfterMs, 300, 'a whole new cooldown')
  t.equal(sandbox.calls.length, 3)
  sandbox.quirks.clear()
  clock.advance(300)
  await client.call('GetClients', {})
  t.equal(client.stats().breaker, 'closed')
})

t.test('business errors do not open the breaker and reset its failure count', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { governor: { breakerFailureThreshold: 3, readRetries: 0 } })
  for (let i = 0; i < 10; i++) {
    t.type(await failure(t, client.call('GetClientsDetails', { clientid: 999_999 })), WhmcsApiError)
  }
  t.equal(client.stats().breaker, 'closed', '10 business errors in a row')
  sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus: 503 })
  await failure(t, client.call('GetClients', {}))
  await failure(t, client.call('GetClients', {}))
  await failure(t, client.call('GetClientsDetails', { clientid: 999_999 }))
  await failure(t, client.call('GetClients', {}))
  await failure(t, client.call('GetClients', {}))
  t.equal(client.stats().breaker, 'closed', 'a business error in between resets the count of consecutive failures')
  await failure(t, client.call('GetClients', {}))
  t.equal(client.stats().breaker, 'open')
})

t.test('bad bodies and 4xx pages neither open the breaker nor reset its count', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { governor: { breakerFailureThreshold: 2, readRetries: 0 } })
  for (const quirk of [{ kind: 'html' }, { kind: 'empty-body' }, { kind: 'truncated' }, { kind: 'html', httpStatus: 403 }] as const) {
    sandbox.quirks.set('GetClients', quirk)
    for (let i = 0; i < 3; i++) await failure(t, client.call('GetClients', {}))
  }
  t.equal(client.stats().breaker, 'closed')
  sandbox.quirks.set('GetClients', { kind: 'reset', times: 1 })
  await failure(t, client.call('GetClients', {}))
  sandbox.quirks.set('GetClients', { kind: 'html' })
  await failure(t, client.call('GetClients', {}))
  sandbox.quirks.set('GetClients', { kind: 'reset', times: 1 })
  await failure(t, client.call('GetClients', {}))
  t.equal(client.stats().breaker, 'open', 'two failures with a neutral outcome between them')
})

t.test('read retries stop once the breaker opens', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus: 503 })
  const client = clientFor(t, sandbox, { governor: { breakerFailureThreshold: 2, readRetries: 5 } })
  const err = await failure(t, client.call('GetClients', {}, { idempotent: true }))
  t.equal(err.code, 'WHMCS_HTTP_ERROR', 'the caller gets the real failure, not the breaker')
  t.equal(sandbox.calls.length, 2)
  t.equal(client.stats().breaker, 'open')
})

t.test('a hung WHMCS opens the breaker through deadlines', async (t) => {
  const raw = await rawServer(t, () => { /* never answers */ })
  const client = clientFor(t, raw.url, { deadlineMs: 100, governor: { breakerFailureThreshold: 2, readRetries: 0 } })
  t.equal((await failure(t, client.call('GetClients', {}))).code, 'WHMCS_DEADLINE')
  t.equal((await failure(t, client.call('GetClients', {}))).code, 'WHMCS_DEADLINE')
  t.equal(client.stats().breaker, 'open')
  t.equal((await failure(t, client.call('GetClients', {}))).code, 'WHMCS_CIRCUIT_OPEN')
  t.equal(raw.count(), 2)
})

// ---------------------------------------------------------------- cache and coalescing

t.test('WhmcsDetails is answered from the cache until its TTL ends', async (t) => {
  const sandbox = await sandboxFor(t)
  const clock = new ManualClock()
  const state = new MemoryStateStore({ now: clock.now })
  t.teardown(() => state.close())
  const client = clientFor(t, sandbox, { state, governor: { cacheTtlMs: 300 } })
  const first = await client.call('WhmcsDetails', {}, { cache: true })
  const second = await client.call('WhmcsDetails', {}, { cache: true })
  t.same(second, first)
  t.equal(sandbox.calls.length, 1, 'one upstream call for two')
  t.match(client.stats(), { cacheHits: 1, cacheMisses: 1 })
  clock.advance(299)
  await client.call('WhmcsDetails', {}, { cache: true })
  t.equal(sandbox.calls.length, 1, 'still cached 1 ms before the TTL ends')
  clock.advance(1)
  await client.call('WhmcsDetails', {}, { cache: true })
  t.equal(sandbox.calls.length, 2, 'sent again after the TTL')
})

t.test('10 concurrent WhmcsDetails calls share one upstream call', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('WhmcsDetails', { kind: 'slow', delayMs: 100 })
  const client = clientFor(t, sandbox, { governor: { cacheTtlMs: 30_000 } })
  const results = await Promise.all(Array.from({ length: 10 }, () => client.call('WhmcsDetails', {}, { idempotent: true, cache: true })))
  t.equal(sandbox.calls.length, 1)
  for (const r of results) t.same(r, results[0])
  t.match(client.stats(), { cacheHits: 9, cacheMisses: 1 })
  // Each caller has its own copy: changing one changes neither the others nor the cache.
  ;(results[0] as Record<string, unknown>).whmcs = 'changed'
  t.not(results[1].whmcs, 'changed')
  t.not((await client.call('WhmcsDetails', {}, { cache: true })).whmcs, 'changed')
})

t.test('cache: false bypasses the cache and coalescing', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox)
  await client.call('WhmcsDetails', {}, { cache: true })
  await client.call('WhmcsDetails', {}, { cache: false })
  await client.call('WhmcsDetails', {}, { cache: false })
  t.equal(sandbox.calls.length, 3)
  await Promise.all([client.call('WhmcsDetails', {}, { cache: false }), client.call('WhmcsDetails', {}, { cache: false })])
  t.equal(sandbox.calls.length, 5, 'concurrent uncached calls are not shared')
  await client.call('WhmcsDetails', {}, { cache: true })
  t.equal(sandbox.calls.length, 5, 'the cached answer is still there for others')
})

t.test('a TTL of 0 turns the cache off', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { governor: { cacheTtlMs: 0 } })
  await client.call('WhmcsDetails', {}, { cache: true })
  await client.call('WhmcsDetails', {}, { cache: true })
  t.equal(sandbox.calls.length, 2)
  t.match(client.stats(), { cacheHits: 0, cacheMisses: 0 })
})

t.test('errors are never cached, and a shared failure is not either', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { governor: { readRetries: 0 } })
  sandbox.quirks.set('WhmcsDetails', { kind: 'http-error', httpStatus: 500, times: 1 })
  await failure(t, client.call('WhmcsDetails', {}, { cache: true }))
  t.equal((await client.call('WhmcsDetails', {}, { cache: true })).result, 'success')
  t.equal(sandbox.calls.length, 2)

  const other = await sandboxFor(t)
  const fresh = clientFor(t, other, { governor: { readRetries: 0 } })
  other.quirks.set('WhmcsDetails', { kind: 'error', message: 'Something went wrong', times: 1 })
  const errors = await Promise.all(Array.from({ length: 3 }, () => settle(fresh.call('WhmcsDetails', {}, { cache: true }))))
  t.ok(errors.every((e) => e instanceof WhmcsApiError), 'every sharer gets the error')
  t.equal(other.calls.length, 1, 'shared one upstream call')
  t.equal((await fresh.call('WhmcsDetails', {}, { cache: true })).result, 'success')
  t.equal(other.calls.length, 2, 'the error was not cached')
})

t.test('GetClients is never cached nor shared', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox)
  await client.call('GetClients', {}, { idempotent: true })
  await client.call('GetClients', {}, { idempotent: true })
  await Promise.all([client.call('GetClients', {}, { idempotent: true }), client.call('GetClients', {}, { idempotent: true })])
  t.equal(sandbox.calls.length, 4)
  t.match(client.stats(), { cacheHits: 0, cacheMisses: 0 })
})

t.test('a caller joining a shared call still gives up at its own deadline', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('WhmcsDetails', { kind: 'slow', delayMs: 400 })
  const client = clientFor(t, sandbox)
  let firstDone = false
  const first = client.call('WhmcsDetails', {}, { cache: true }).finally(() => { firstDone = true })
  const err = await failure(t, client.call('WhmcsDetails', {}, { deadlineAt: Date.now() + 100, cache: true }))
  t.equal(err.code, 'WHMCS_DEADLINE')
  t.notOk(firstDone, 'it gave up before the shared call was answered')
  t.equal((await first).result, 'success', 'the shared call went on for the caller that started it')
  t.equal(sandbox.calls.length, 1)
})

// ---------------------------------------------------------------- observability

t.test('onCall reports each call once with its outcome, attempts and duration', async (t) => {
  const sandbox = await sandboxFor(t)
  const events: WhmcsCallEvent[] = []
  const client = clientFor(t, sandbox, { onCall: (e) => events.push(e), governor: { readRetries: 2 } })
  await client.call('GetClients', {})
  await failure(t, client.call('GetClientsDetails', { clientid: 999_999 }))
  sandbox.quirks.set('GetClients', { kind: 'reset', times: 1 })
  await client.call('GetClients', {}, { idempotent: true })
  sandbox.quirks.set('GetClients', { kind: 'html' })
  await failure(t, client.call('GetClients', {}))
  await client.call('WhmcsDetails', {}, { cache: true })
  await client.call('WhmcsDetails', {}, { cache: true })
  t.match(events, [
    { action: 'GetClients', outcome: 'success', attempt: 1, cached: false },
    { action: 'GetClientsDetails', outcome: 'api_error', attempt: 1 },
    { action: 'GetClients', outcome: 'success', attempt: 2 },
    { action: 'GetClients', outcome: 'WHMCS_BAD_RESPONSE', attempt: 1 },
    { action: 'WhmcsDetails', outcome: 'success', attempt: 1, cached: false },
    { action: 'WhmcsDetails', outcome: 'success', attempt: 0, cached: true }
  ])
  t.ok(events.every((e) => typeof e.durationMs === 'number' && e.durationMs >= 0))
})

t.test('an onCall hook that throws does not break the call', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = clientFor(t, sandbox, { onCall: () => { throw new Error('metrics are down') } })
  t.equal((await client.call('GetClients', {})).result, 'success')
})

t.test('the client works with the configuration defaults when no governor is given', async (t) => {
  const sandbox = await sandboxFor(t)
  const client = new WhmcsClient({ url: sandbox.url, identifier: sandbox.identifier, secret: sandbox.secret, responseType: 'json', timeoutMs: 2_000, connections: 4 })
  t.teardown(() => client.close())
  await client.call('GetClients', {})
  t.match(client.stats(), { inFlight: 0, queued: 0, breaker: 'closed', cacheHits: 0, cacheMisses: 0, retries: 0, rejectedOverload: 0 })
})

// ---------------------------------------------------------------- the parts on their own

t.test('full-jitter backoff stays between 0 and min(2 s, 100 ms × 2^n)', async (t) => {
  t.equal(backoffDelay(1, () => 0), 0)
  t.equal(backoffDelay(1, () => 0.999), 99)
  t.equal(backoffDelay(2, () => 0.999), 199)
  t.equal(backoffDelay(3, () => 0.5), 200)
  t.equal(backoffDelay(10, () => 0.999), 1_998, 'capped at 2 s')
})

t.test('the retry budget earns 20 % of calls plus a floor per second, up to its burst', async (t) => {
  let now = 0
  const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 10, burst: 10 }, () => now)
  let granted = 0
  while (budget.tryWithdraw()) granted++
  t.equal(granted, 10, 'starts with its burst')
  for (let i = 0; i < 10; i++) budget.deposit()
  t.ok(budget.tryWithdraw(), '10 calls earn 2 retries')
  t.ok(budget.tryWithdraw())
  t.notOk(budget.tryWithdraw())
  now += 500
  granted = 0
  while (budget.tryWithdraw()) granted++
  t.equal(granted, 5, 'half a second earns 5')
  now += 60_000
  granted = 0
  while (budget.tryWithdraw()) granted++
  t.equal(granted, 10, 'never more than the burst')
})

t.test('the breaker ignores the outcomes of calls admitted before it changed state', async (t) => {
  let now = 0
  const breaker = new CircuitBreaker({ threshold: 1, cooldownMs: 100, now: () => now })
  const straggler = breaker.admit()
  const opener = breaker.admit()
  if (straggler === undefined || opener === undefined) throw new Error('closed breaker refused')
  breaker.record(opener, 'failure')
  t.equal(breaker.state, 'open')
  now = 100
  t.equal(breaker.state, 'half-open')
  const probe = breaker.admit()
  t.ok(probe?.probe)
  t.equal(breaker.admit(), undefined, 'one probe at a time')
  breaker.record(straggler, 'success')
  t.equal(breaker.state, 'half-open', 'a straggler does not close it')
  if (probe !== undefined) breaker.record(probe, 'neutral')
  t.ok(breaker.admit()?.probe, 'a neutral probe frees the slot for another')
})

t.test('the limiter hands a freed slot to the oldest waiter', async (t) => {
  const limiter = new Limiter(1, 5)
  await limiter.acquire(Date.now() + 1_000)
  const order: number[] = []
  const waits = [1, 2, 3].map((i) => limiter.acquire(Date.now() + 1_000).then(() => { order.push(i) }))
  t.equal(limiter.queued, 3)
  for (let i = 0; i < 3; i++) {
    limiter.release()
    await waits[i]
  }
  t.same(order, [1, 2, 3])
  t.equal(limiter.active, 1)
  limiter.release()
  t.equal(limiter.active, 0)
})

t.test('the TTL cache drops the oldest entry when full', async (t) => {
  let now = 0
  const cache = new TtlCache<number>(1_000, 2, () => now)
  cache.set('a', 1)
  cache.set('b', 2)
  cache.set('c', 3)
  t.equal(cache.size, 2)
  t.equal(cache.get('a'), undefined)
  t.equal(cache.get('c'), 3)
  now = 1_000
  t.equal(cache.get('c'), undefined, 'expired')
})
