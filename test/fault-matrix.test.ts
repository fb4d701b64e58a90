// The fault matrix: the real app (test/support/helper.ts build(), listening on 127.0.0.1) called over
// real HTTP, in front of the WHMCS sandbox or of small node:http servers that misbehave on
// purpose. No mocks. Each fault asserts the status, the problem code, what reached WHMCS, that the
// app still answers normally afterwards and, for writes, that WHMCS saw each write at most once.
// Every app logs at trace level into one captured stream; the last tests check that no WHMCS
// credential or API key ever reached it, and print the matrix as a Markdown table. Its times are
// reported, never asserted (how fast belongs in bench/); the breaker's cooldown runs on a ManualClock.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { Agent, request } from 'undici'
import { KeyRing, readKeysFile, sha256 } from '../src/auth/keys.js'
import type { Quirk, Sandbox } from '../src/sandbox/index.js'
import { build, type BuildOptions } from './support/helper.js'
import { closedPort, ManualClock, newClientBody } from './support/fixtures.js'

// ---------------------------------------------------------------- secrets and the captured log

const WHMCS_IDENTIFIER = 'fmxIdentQ7v2K9wZt4'
const WHMCS_SECRET = 'fmxSecretH8n4Rt1Lp6'
const WRONG_SECRET = 'fmxWrongSecretY5b3Xc'
const CLIENT_PASSWORD = 'fmxPassword-Zq81-horse'
const READER_KEY = 'fmx-reader-key-Jk29sQ'
const WRITER_KEY = 'fmx-writer-key-Pw73nV'
const REVOKED_KEY = 'fmx-revoked-key-Ub51eR'
const ELSEWHERE_KEY = 'fmx-elsewhere-key-Lc06mT'
const UNKNOWN_KEY = 'fmx-unknown-key-Xa44hG'
const SECRETS = { WHMCS_IDENTIFIER, WHMCS_SECRET, WRONG_SECRET, CLIENT_PASSWORD, READER_KEY, WRITER_KEY, REVOKED_KEY, ELSEWHERE_KEY, UNKNOWN_KEY }

const logChunks: string[] = []
const logStream = new Writable({
  write (chunk: Buffer | string, _enc, cb) {
    logChunks.push(chunk.toString())
    cb()
  }
})

const hex = (key: string): string => sha256(key).toString('hex')
const keysPath = join(mkdtempSync(join(tmpdir(), 'fault-matrix-')), 'keys.yaml')
writeFileSync(keysPath, `keys:
  - { id: fmx-reader, name: Reader, hash: ${hex(READER_KEY)}, scopes: ["clients:read"] }
  - { id: fmx-writer, name: Writer, hash: ${hex(WRITER_KEY)}, scopes: ["clients:read", "clients:write"] }
  - { id: fmx-revoked, name: Revoked, hash: ${hex(REVOKED_KEY)}, scopes: ["*"], revoked: true }
  - { id: fmx-elsewhere, name: Elsewhere, hash: ${hex(ELSEWHERE_KEY)}, scopes: ["*"], cidrs: ["203.0.113.0/24"] }
`)
const keyRing = new KeyRing(readKeysFile(keysPath))
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

// ---------------------------------------------------------------- the matrix

interface Row { fault: string, status: string, code: string, ms: number }
const rows: Row[] = []

// The test's own HTTP client: no connection cap, so bursts really are concurrent.
const agent = new Agent({ keepAliveTimeout: 1_000 })
t.teardown(() => agent.close())

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  ms: number
}

interface Send {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  headers?: Record<string, string>
  json?: unknown
  raw?: string
}

async function send (base: string, path: string, init: Send = {}): Promise<Answer> {
  const headers = { ...init.headers }
  let body: string | undefined = init.raw
  if (init.json !== undefined) body = JSON.stringify(init.json)
  if (body !== undefined) headers['content-type'] = 'application/json'
  const started = performance.now()
  const res = await request(`${base}${path}`, { dispatcher: agent, method: init.method ?? 'GET', headers, body })
  const text = await res.body.text()
  return { status: res.statusCode, headers: res.headers, body: text, ms: performance.now() - started }
}

type Doc = Record<string, unknown> & { code?: string, status?: number, detail?: string }

/** Asserts a problem answer; returns its document. */
function isProblem (t: Test, res: Answer, status: number, code: string): Doc {
  t.equal(res.status, status, `HTTP ${status}`)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'a problem document')
  const doc = JSON.parse(res.body) as Doc
  t.equal(doc.code, code, `code ${code}`)
  t.equal(doc.status, status, 'status in the body too')
  t.notMatch(res.body, /<html|<b>|Fatal error|\bat .*\.[jt]s:\d+/i, 'no upstream page or stack in the body')
  return doc
}

function record (fault: string, res: Answer | { status: string, code: string, ms: number }): void {
  if ('body' in res) {
    let code = ''
    try { code = String((JSON.parse(res.body) as Doc).code ?? '') } catch { /* not JSON */ }
    rows.push({ fault, status: String(res.status), code, ms: res.ms })
  } else {
    rows.push({ fault, ...res })
  }
}

interface Running {
  url: string
  sandbox: Sandbox
}

/** Builds the real app (logging into the shared stream) over a sandbox with the distinctive credentials, and listens. */
async function start (t: Test, opts: BuildOptions = {}): Promise<Running> {
  const { app, sandbox } = await build(t, {
    ...opts,
    sandbox: { identifier: WHMCS_IDENTIFIER, secret: WHMCS_SECRET, ...opts.sandbox },
    logStream
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, sandbox }
}

/** The process is up and the app still serves: liveness, then (when WHMCS works) a real read. */
async function stillServes (t: Test, url: string, read?: string, headers?: Record<string, string>): Promise<void> {
  t.equal((await send(url, '/healthz')).status, 200, 'the app is alive')
  if (read !== undefined) {
    const res = await send(url, read, { headers })
    t.equal(res.status, 200, `a normal request is answered afterwards (${read})`)
  }
}

const callsOf = (sandbox: Sandbox, action: string): number => sandbox.calls.filter((c) => c.action === action).length

// ---------------------------------------------------------------- purpose-built upstreams

type Handler = (res: ServerResponse, req: IncomingMessage) => void

interface Raw {
  url: string
  port: number
  /** Requests received (counted once their body has arrived). */
  count: () => number
  /** Most requests open at once. */
  max: () => number
  /** Replaces how the next requests are answered. */
  use: (handler: Handler) => void
}

/** A node:http server on 127.0.0.1 (on `port`, or a free one) that answers with the current handler. */
async function rawServer (t: Test, handler: Handler, port = 0): Promise<Raw> {
  let current = handler
  let count = 0
  let open = 0
  let max = 0
  const server = createServer((req, res) => {
    open++
    max = Math.max(max, open)
    let closed = false
    res.on('close', () => {
      if (!closed) open--
      closed = true
    })
    req.resume()
    req.on('end', () => {
      count++
      current(res, req)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => { resolve() })
  })
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => { resolve() })
    server.closeAllConnections()
  }))
  const bound = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${bound}`, port: bound, count: () => count, max: () => max, use: (h) => { current = h } }
}

const EMPTY_LIST = '{"result":"success","totalresults":0,"startnumber":0,"numreturned":0,"clients":""}'

/** A healthy WHMCS for GET /clients (and any write): an empty client list. */
const healthy: Handler = (res) => {
  if (res.destroyed) return
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(EMPTY_LIST)
}

const slowHealthy = (ms: number): Handler => (res, req) => { setTimeout(() => { healthy(res, req) }, ms) }

const proxyDown: Handler = (res) => {
  res.writeHead(503, { 'content-type': 'text/html' })
  res.end('<html><body><h1>503 Service Unavailable</h1></body></html>')
}

/** A port nothing listens on. */

// Small timeouts throughout, so that the file runs in seconds. undici's own timers tick at about
// half a second above 1 s, so per-call timeouts are set well clear of the deadlines they race.
const FAST: BuildOptions = {
  whmcs: { timeoutMs: 500 },
  settings: { requestDeadlineMs: 1_500, governor: { breakerCooldownMs: 300 } }
}

// ---------------------------------------------------------------- 1-2: down and slow

t.test('1. WHMCS down (connection refused): 503 UPSTREAM_UNAVAILABLE, fast, reads retried', async (t) => {
  const port = await closedPort()
  const { url } = await start(t, { ...FAST, whmcs: { ...FAST.whmcs, url: `http://127.0.0.1:${port}` } })
  const res = await send(url, '/clients/1')
  isProblem(t, res, 503, 'UPSTREAM_UNAVAILABLE')
  record('1. WHMCS down (connection refused)', res)
  await stillServes(t, url)
  // WHMCS comes back on the same port: the app uses it again at once.
  let raw: Raw | undefined
  try {
    raw = await rawServer(t, healthy, port)
  } catch (err) {
    t.comment(`port ${port} was taken meanwhile (${String(err)}); WHMCS's return is not checked`)
  }
  if (raw !== undefined) {
    await stillServes(t, url, '/clients?limit=1')
    t.equal(raw.count(), 1)
  }
})

t.test('2. WHMCS slower than the request deadline: 504 DEADLINE_EXCEEDED at the deadline', async (t) => {
  const deadline = 1_000
  // The per-attempt timeout (2 s, + undici's ~0.5 s tick) is well past the deadline: the deadline binds.
  const { url, sandbox } = await start(t, { whmcs: { timeoutMs: 2_000 }, settings: { requestDeadlineMs: deadline } })
  sandbox.quirks.set('GetClientsDetails', { kind: 'slow', delayMs: 4_000 })
  const res = await send(url, '/clients/1')
  isProblem(t, res, 504, 'DEADLINE_EXCEEDED')
  t.equal(callsOf(sandbox, 'GetClientsDetails'), 1, 'a read past its deadline is not sent again')
  record(`2. WHMCS slower than the deadline (${deadline} ms)`, res)
  sandbox.quirks.clear()
  await stillServes(t, url, '/clients/1')
})

t.test('2b. A body dripped a byte at a time (each within the timeout): 504 DEADLINE_EXCEEDED at the deadline', async (t) => {
  const deadline = 1_000
  const drip: Handler = (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    const timer = setInterval(() => {
      if (res.destroyed) clearInterval(timer)
      else res.write(' ')
    }, 100)
    res.on('close', () => { clearInterval(timer) })
  }
  const raw = await rawServer(t, drip)
  // Each byte comes well within the 500 ms body timeout: only the deadline can end this.
  const { url } = await start(t, { whmcs: { url: raw.url, timeoutMs: 500 }, settings: { requestDeadlineMs: deadline } })
  const res = await send(url, '/clients')
  isProblem(t, res, 504, 'DEADLINE_EXCEEDED')
  t.equal(raw.count(), 1, 'not sent again')
  record('2b. Body dripped slower than the deadline', res)
  raw.use(healthy)
  await stillServes(t, url, '/clients?limit=1')
})

t.test('2c. The per-call timeout before the deadline: 504 UPSTREAM_TIMEOUT, the read retried within the deadline', async (t) => {
  // undici runs its header timer on a ~0.5 s tick, so a 300 ms timeout fires after 0.5-1 s: with one
  // retry, two attempts end well inside a 3 s deadline.
  const deadline = 3_000
  const { url, sandbox } = await start(t, { whmcs: { timeoutMs: 300 }, settings: { requestDeadlineMs: deadline, governor: { readRetries: 1 } } })
  sandbox.quirks.set('GetClientsDetails', { kind: 'slow', delayMs: 5_000 })
  const res = await send(url, '/clients/1')
  isProblem(t, res, 504, 'UPSTREAM_TIMEOUT')
  const reads = callsOf(sandbox, 'GetClientsDetails')
  t.equal(reads, 2, 'the read was attempted readRetries + 1 times')
  record(`2c. Per-call timeout (300 ms) before the deadline (read: ${reads} attempts)`, res)
  sandbox.quirks.set('UpdateClient', { kind: 'slow', delayMs: 5_000 })
  const write = await send(url, '/clients/1', { method: 'PATCH', json: { notes: 'fault matrix' } })
  isProblem(t, write, 504, 'UPSTREAM_TIMEOUT')
  t.equal(callsOf(sandbox, 'UpdateClient'), 1, 'the write reached WHMCS exactly once')
  t.comment(`a 300 ms WHMCS timeout fired after ${write.ms.toFixed(0)} ms (undici's coarse timer)`)
  sandbox.quirks.clear()
  await stillServes(t, url, '/clients/1')
})

// ---------------------------------------------------------------- 3-7: bad answers from the sandbox

interface BadAnswer {
  fault: string
  quirk: Quirk
  status: number
  code: string
  /** Upstream attempts a read may make: exactly, or at most. */
  reads: { exactly?: number, atMost?: number }
}

const READ_RETRIES = 2
const badAnswers: BadAnswer[] = [
  { fault: '3. HTML page with 200 (maintenance)', quirk: { kind: 'html' }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { exactly: 1 } },
  { fault: '4. HTML page with 403 (WAF)', quirk: { kind: 'html', httpStatus: 403 }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { exactly: 1 } },
  { fault: '5. Empty body', quirk: { kind: 'empty-body' }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { exactly: 1 } },
  { fault: '6. Truncated JSON', quirk: { kind: 'truncated' }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { exactly: 1 } },
  { fault: '7. PHP fatal error, HTTP 500', quirk: { kind: 'http-error', httpStatus: 500 }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { atMost: READ_RETRIES + 1 } },
  { fault: '7b. Proxy 503 (retriable)', quirk: { kind: 'http-error', httpStatus: 503, body: '<html><body>503 Service Unavailable</body></html>' }, status: 502, code: 'UPSTREAM_BAD_RESPONSE', reads: { exactly: READ_RETRIES + 1 } }
]

for (const c of badAnswers) {
  t.test(`${c.fault}: ${c.status} ${c.code}; a write is sent once`, async (t) => {
    const { url, sandbox } = await start(t, { ...FAST, settings: { ...FAST.settings, governor: { ...FAST.settings?.governor, readRetries: READ_RETRIES } } })
    sandbox.quirks.set('GetClientsDetails', c.quirk)
    const res = await send(url, '/clients/1')
    isProblem(t, res, c.status, c.code)
    const reads = callsOf(sandbox, 'GetClientsDetails')
    if (c.reads.exactly !== undefined) t.equal(reads, c.reads.exactly, `the read was attempted ${c.reads.exactly} time(s)`)
    if (c.reads.atMost !== undefined) t.ok(reads >= 1 && reads <= c.reads.atMost, `the read was attempted ${reads} time(s), at most readRetries + 1`)
    record(`${c.fault} (read: ${reads} attempt${reads === 1 ? '' : 's'})`, res)

    sandbox.quirks.set('UpdateClient', c.quirk)
    const write = await send(url, '/clients/1', { method: 'PATCH', json: { notes: 'fault matrix' } })
    isProblem(t, write, c.status, c.code)
    t.equal(callsOf(sandbox, 'UpdateClient'), 1, 'the write reached WHMCS exactly once')

    sandbox.quirks.clear()
    await stillServes(t, url, '/clients/1')
  })
}

// ---------------------------------------------------------------- 8-9: broken and huge bodies

t.test('8. Connection reset in the middle of the body: 502, reads retried, the write sent once', async (t) => {
  const resetMidBody: Handler = (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' })
    res.write('{"result":"success","totalresults":1,"clients":{"client":[{"id":1,"firstname":"Half', () => {
      setTimeout(() => { res.socket?.destroy() }, 10)
    })
  }
  const raw = await rawServer(t, resetMidBody)
  const { url } = await start(t, { ...FAST, whmcs: { ...FAST.whmcs, url: raw.url } })
  const res = await send(url, '/clients')
  isProblem(t, res, 502, 'UPSTREAM_BAD_RESPONSE')
  const reads = raw.count()
  t.ok(reads >= 1 && reads <= READ_RETRIES + 1, `the read was attempted ${reads} time(s), at most readRetries + 1`)
  record(`8. Connection reset mid-body (read: ${reads} attempts)`, res)

  const write = await send(url, '/clients/1/close', { method: 'POST' })
  isProblem(t, write, 502, 'UPSTREAM_BAD_RESPONSE')
  t.equal(raw.count() - reads, 1, 'the write reached WHMCS exactly once')

  raw.use(healthy)
  await stillServes(t, url, '/clients?limit=1')
})

t.test('9. A 50 MB answer is refused with 502 without the heap growing', async (t) => {
  const TOTAL = 50 * 1024 * 1024
  const CHUNK = Buffer.alloc(64 * 1024, 'x')
  let sent = 0
  const huge = (declareLength: boolean): Handler => (res) => {
    res.writeHead(200, declareLength ? { 'content-type': 'application/json', 'content-length': String(TOTAL) } : { 'content-type': 'application/json' })
    res.write('{"result":"success","clients":"')
    sent = 0
    const pump = (): void => {
      while (!res.destroyed && sent < TOTAL) {
        sent += CHUNK.length
        if (!res.write(CHUNK)) {
          res.once('drain', pump)
          return
        }
      }
      if (!res.destroyed) res.end('"}')
    }
    pump()
  }
  const raw = await rawServer(t, huge(false))
  const app = await start(t, { ...FAST, whmcs: { ...FAST.whmcs, url: raw.url, timeoutMs: 3_000 }, settings: { ...FAST.settings, requestDeadlineMs: 5_000 } })
  await send(app.url, '/healthz') // warm up, so the heap before is the steady one
  const MB = 1024 * 1024
  const before = process.memoryUsage()
  // heapUsed does not count Buffers (the body's chunks), so arrayBuffers is watched as well.
  const peak = { heapUsed: before.heapUsed, arrayBuffers: before.arrayBuffers }
  const sample = (): void => {
    const now = process.memoryUsage()
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers)
  }
  const sampler = setInterval(sample, 2)
  const res = await send(app.url, '/clients')
  clearInterval(sampler)
  sample()
  const after = process.memoryUsage()
  const heapGrowth = (after.heapUsed - before.heapUsed) / MB
  const heapPeak = (peak.heapUsed - before.heapUsed) / MB
  const buffersPeak = (peak.arrayBuffers - before.arrayBuffers) / MB
  isProblem(t, res, 502, 'UPSTREAM_BAD_RESPONSE')
  t.equal(raw.count(), 1, 'not retried')
  t.ok(heapGrowth < 40, `heapUsed grew ${heapGrowth.toFixed(1)} MB (< 40 MB)`)
  t.ok(heapPeak < 40, `heapUsed peaked ${heapPeak.toFixed(1)} MB above the start (< 40 MB)`)
  t.ok(buffersPeak < 20, `Buffers held for the body peaked at ${buffersPeak.toFixed(1)} MB (< 20 MB)`)
  t.ok(sent < 20 * MB, `the app stopped reading after ${(sent / MB).toFixed(1)} MB of 50 MB`)
  t.comment(`50 MB chunked: heapUsed +${heapGrowth.toFixed(1)} MB after, +${heapPeak.toFixed(1)} MB at peak; arrayBuffers +${buffersPeak.toFixed(1)} MB at peak; ${(sent / MB).toFixed(1)} MB sent before the app hung up`)
  record(`9. 50 MB chunked answer (${(sent / MB).toFixed(0)} MB sent; peak heap +${Math.max(0, heapPeak).toFixed(0)} MB, buffers +${Math.max(0, buffersPeak).toFixed(0)} MB)`, res)

  raw.use(huge(true))
  const declared = await send(app.url, '/clients')
  isProblem(t, declared, 502, 'UPSTREAM_BAD_RESPONSE')
  t.ok(sent < 20 * MB, `a declared 50 MB Content-Length is refused early (${(sent / MB).toFixed(1)} MB sent)`)
  record('9b. 50 MB answer with Content-Length', declared)

  raw.use(healthy)
  await stillServes(t, app.url, '/clients?limit=1')
})

// ---------------------------------------------------------------- 10-11: WHMCS refuses the facade

t.test('10. WHMCS IP allow-list refusal: 502 UPSTREAM_AUTH_FAILED, the address not revealed', async (t) => {
  const { url, sandbox } = await start(t, { ...FAST, sandbox: { allowedIps: [] } })
  const res = await send(url, '/clients/1')
  isProblem(t, res, 502, 'UPSTREAM_AUTH_FAILED')
  t.notMatch(res.body, /Invalid IP|127\.0\.0\.1|::1|::ffff/, 'neither WHMCS\'s message nor the address is passed on')
  t.equal(sandbox.calls.length, 1, 'not retried')
  record('10. Invalid IP (allow-list)', res)
  await stillServes(t, url)
})

t.test('11. Wrong WHMCS secret: 502 UPSTREAM_AUTH_FAILED, no credential in the answer', async (t) => {
  const { url, sandbox } = await start(t, { ...FAST, whmcs: { ...FAST.whmcs, secret: WRONG_SECRET } })
  const res = await send(url, '/clients/1')
  isProblem(t, res, 502, 'UPSTREAM_AUTH_FAILED')
  for (const secret of [WRONG_SECRET, WHMCS_SECRET, WHMCS_IDENTIFIER]) t.notOk(res.body.includes(secret), 'no WHMCS credential in the body')
  t.equal(sandbox.calls.length, 1, 'not retried')
  record('11. Authentication Failed (wrong secret)', res)
  await stillServes(t, url)
})

// ---------------------------------------------------------------- 12-13: breaker and queue

t.test('12. The breaker opens after N failures, refuses without calling WHMCS, and closes after a probe', async (t) => {
  const threshold = 3
  const cooldown = 300
  const raw = await rawServer(t, proxyDown)
  const clock = new ManualClock()
  const { url } = await start(t, {
    clock: clock.now,
    whmcs: { url: raw.url, timeoutMs: 500 },
    settings: { requestDeadlineMs: 1_500, governor: { breakerFailureThreshold: threshold, breakerCooldownMs: cooldown, readRetries: 0 } }
  })
  for (let i = 1; i <= threshold; i++) {
    isProblem(t, await send(url, '/clients'), 502, 'UPSTREAM_BAD_RESPONSE')
  }
  t.equal(raw.count(), threshold, `${threshold} failures reached WHMCS`)
  const open = await send(url, '/clients')
  isProblem(t, open, 503, 'UPSTREAM_CIRCUIT_OPEN')
  t.equal(open.headers['retry-after'], String(Math.ceil(cooldown / 1000)), 'Retry-After: the rest of the cooldown')
  const write = await send(url, '/clients/1/close', { method: 'POST' })
  isProblem(t, write, 503, 'UPSTREAM_CIRCUIT_OPEN')
  t.equal(raw.count(), threshold, 'no call reached WHMCS while the breaker was open')
  record(`12. Breaker open (after ${threshold} failures)`, open)

  raw.use(healthy)
  clock.advance(cooldown - 1)
  isProblem(t, await send(url, '/clients'), 503, 'UPSTREAM_CIRCUIT_OPEN')
  t.equal(raw.count(), threshold, 'still open 1 ms before the cooldown ends')
  clock.advance(1)
  const probe = await send(url, '/clients?limit=1')
  t.equal(probe.status, 200, 'after the cooldown the probe goes through')
  t.equal(raw.count(), threshold + 1, 'one probe call')
  record('12b. Breaker probe after the cooldown', { status: String(probe.status), code: '(closed)', ms: probe.ms })
  for (let i = 0; i < 3; i++) t.equal((await send(url, '/clients?limit=1')).status, 200, 'normal answers resume')
  t.equal(raw.count(), threshold + 4)
})

t.test('13. A burst of 100 past the queue: 503 UPSTREAM_OVERLOADED at once; never more than 2 upstream', async (t) => {
  const raw = await rawServer(t, slowHealthy(200))
  const { url } = await start(t, {
    whmcs: { url: raw.url, timeoutMs: 2_000 },
    settings: { requestDeadlineMs: 10_000, governor: { maxConcurrency: 2, queueLimit: 10, readRetries: 0 } }
  })
  // Open the 100 connections first, so the burst measures the app rather than TCP handshakes.
  await Promise.all(Array.from({ length: 100 }, async () => await send(url, '/healthz')))
  const answers = await Promise.all(Array.from({ length: 100 }, async () => await send(url, '/clients?limit=1')))
  const ok = answers.filter((a) => a.status === 200)
  const refused = answers.filter((a) => a.status !== 200)
  t.ok(ok.length >= 12, `${ok.length} answered 200 (at least the 2 running and the 10 queued)`)
  t.ok(refused.length > 0, `${refused.length} refused`)
  t.equal(ok.length + refused.length, 100)
  let slowest = 0
  for (const res of refused) {
    t.equal(res.status, 503)
    t.match(JSON.parse(res.body), { code: 'UPSTREAM_OVERLOADED' })
    t.ok(Number(res.headers['retry-after']) >= 1, 'with Retry-After')
    slowest = Math.max(slowest, res.ms)
  }
  // Admitted calls take 200 ms each, two at a time: the third answer had to wait for a slot and
  // then for WHMCS. A refusal that had queued would come after it; one decided at admission comes
  // before it, however loaded the machine (no absolute time bound: this is not a benchmark).
  const firstQueued = ok.map((a) => a.ms).sort((a, b) => a - b)[2]
  t.ok(slowest < firstQueued, `every refusal (slowest ${slowest.toFixed(0)} ms) came before the first queued answer (${firstQueued.toFixed(0)} ms)`)
  t.equal(raw.max(), 2, 'WHMCS never saw more than 2 calls at once')
  t.equal(raw.count(), ok.length, 'only the admitted calls reached WHMCS')
  record(`13. Burst of 100 (${ok.length}×200, ${refused.length}×503; slowest refusal)`, { status: '503', code: 'UPSTREAM_OVERLOADED', ms: slowest })
  await stillServes(t, url, '/clients?limit=1')
})

// ---------------------------------------------------------------- 14-15: writes

t.test('14. 50 concurrent POST /clients with one Idempotency-Key: one AddClient', async (t) => {
  const { url, sandbox } = await start(t, FAST)
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 200 })
  const body = newClientBody('fay.matrix', CLIENT_PASSWORD)
  const headers = { 'idempotency-key': 'fault-matrix-burst-0001' }
  const answers = await Promise.all(Array.from({ length: 50 }, async () => await send(url, '/clients', { method: 'POST', json: body, headers })))
  t.equal(callsOf(sandbox, 'AddClient'), 1, 'WHMCS created the client once')
  const created = answers.filter((a) => a.status === 201)
  const busy = answers.filter((a) => a.status === 409)
  t.equal(created.length + busy.length, 50, 'every answer is 201 or 409')
  t.ok(created.length >= 1, `${created.length} × 201`)
  t.equal(created.filter((a) => a.headers['idempotent-replayed'] === undefined).length, 1, 'one original answer, the other 201s are replays')
  for (const a of created) t.equal(a.body, created[0].body, 'every 201 has the same body')
  for (const a of busy) {
    t.match(JSON.parse(a.body), { code: 'IDEMPOTENCY_IN_PROGRESS' })
    t.equal(a.headers['retry-after'], '1')
  }
  const later = await send(url, '/clients', { method: 'POST', json: body, headers })
  t.equal(later.status, 201)
  t.equal(later.headers['idempotent-replayed'], 'true')
  t.equal(later.body, created[0].body, 'a later repeat replays the same answer')
  t.equal(callsOf(sandbox, 'AddClient'), 1)
  const slowest409 = Math.max(0, ...busy.map((a) => a.ms))
  record(`14. 50 × one Idempotency-Key (${created.length}×201, ${busy.length}×409; slowest)`, { status: busy.length > 0 ? '201 / 409' : '201', code: busy.length > 0 ? 'IDEMPOTENCY_IN_PROGRESS' : '', ms: Math.max(slowest409, ...created.map((a) => a.ms)) })
  sandbox.quirks.clear()
  await stillServes(t, url, '/clients/1')
})

t.test('15. A write that timed out: replayed as its 504 with the key; never re-sent by the facade', async (t) => {
  const deadline = 800
  const { url, sandbox } = await start(t, { whmcs: { timeoutMs: 2_000 }, settings: { requestDeadlineMs: deadline } })
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 3_000 })
  const body = newClientBody('fay.matrix', CLIENT_PASSWORD)
  const headers = { 'idempotency-key': 'fault-matrix-timeout-01' }
  const first = await send(url, '/clients', { method: 'POST', json: body, headers })
  isProblem(t, first, 504, 'DEADLINE_EXCEEDED')
  t.equal(callsOf(sandbox, 'AddClient'), 1)
  record('15. Write past the deadline (with a key)', first)

  const retry = await send(url, '/clients', { method: 'POST', json: body, headers })
  t.equal(retry.status, 504, 'the retry replays the 504')
  t.equal(retry.headers['idempotent-replayed'], 'true')
  t.equal(retry.body, first.body, 'the same body')
  t.equal(callsOf(sandbox, 'AddClient'), 1, 'WHMCS was not called again')
  record('15b. Its retry with the same key (replay)', retry)

  sandbox.quirks.set('CloseClient', { kind: 'slow', delayMs: 3_000 })
  for (let i = 1; i <= 2; i++) {
    const res = await send(url, '/clients/2/close', { method: 'POST' })
    isProblem(t, res, 504, 'DEADLINE_EXCEEDED')
    t.equal(callsOf(sandbox, 'CloseClient'), i, `without a key: exactly one upstream call per client request (${i})`)
    if (i === 2) record('15c. Write past the deadline, retried without a key', res)
  }
  sandbox.quirks.clear()
  await stillServes(t, url, '/clients/1')
})

// ---------------------------------------------------------------- 16-22: callers refused before WHMCS

t.test('16-22. Refused callers never reach WHMCS', async (t) => {
  const { url, sandbox } = await start(t, { ...FAST, keys: keyRing })
  const before = sandbox.calls.length

  const refusals: Array<[string, () => Promise<Answer>, number, string]> = [
    ['16. No API key', async () => await send(url, '/clients/1'), 401, 'UNAUTHORIZED'],
    ['17. Wrong API key', async () => await send(url, '/clients/1', { headers: bearer(UNKNOWN_KEY) }), 401, 'UNAUTHORIZED'],
    ['18. Revoked API key', async () => await send(url, '/clients/1', { headers: bearer(REVOKED_KEY) }), 401, 'UNAUTHORIZED'],
    ['19. Key without the scope (read key, write route)', async () => await send(url, '/clients/1/close', { method: 'POST', headers: bearer(READER_KEY) }), 403, 'FORBIDDEN'],
    ['20. Key used from outside its CIDRs', async () => await send(url, '/clients/1', { headers: bearer(ELSEWHERE_KEY) }), 403, 'FORBIDDEN'],
    ['21. Request body over 1 MiB', async () => await send(url, '/clients', {
      method: 'POST',
      headers: bearer(WRITER_KEY),
      json: { ...newClientBody('fay.matrix', CLIENT_PASSWORD), notes: 'n'.repeat(1024 * 1024 + 1) }
    }), 413, 'PAYLOAD_TOO_LARGE'],
    ['22. Unknown body property', async () => await send(url, '/clients', {
      method: 'POST',
      headers: bearer(WRITER_KEY),
      json: { ...newClientBody('fay.matrix', CLIENT_PASSWORD), favouriteColour: 'teal' }
    }), 400, 'INVALID_REQUEST']
  ]
  for (const [fault, call, status, code] of refusals) {
    t.test(fault, async (t) => {
      const res = await call()
      const doc = isProblem(t, res, status, code)
      if (status === 401) t.match(String(res.headers['www-authenticate']), /^Bearer/)
      if (code === 'INVALID_REQUEST') t.match(JSON.stringify(doc.errors), /favouriteColour/)
      t.equal(sandbox.calls.length, before, 'WHMCS was not called')
      record(fault, res)
    })
  }
  t.test('the right key still works', async (t) => {
    await stillServes(t, url, '/clients/1', bearer(WRITER_KEY))
    t.equal(sandbox.calls.length, before + 1)
  })
})

// ---------------------------------------------------------------- 23: logs, and the report

t.test('23. No WHMCS credential, client password or API key ever reached the logs', async (t) => {
  const text = logChunks.join('')
  const lines = text.split('\n').filter((l) => l !== '')
  t.ok(lines.length > 100, `${lines.length} log lines were captured at trace level`)
  t.match(text, /"msg":"WHMCS call failed"/, 'the WHMCS failures were logged')
  t.match(text, /"audit":\{/, 'the writes were audited')
  for (const [name, value] of Object.entries(SECRETS)) {
    t.notOk(text.includes(value), `${name} is not in the logs`)
  }
  t.notMatch(text, /Bearer [A-Za-z0-9]/, 'no Authorization header value')
  record('23. Secrets in trace logs', { status: '—', code: `${Object.keys(SECRETS).length} secrets absent from ${lines.length} lines`, ms: 0 })
})

t.test('the matrix', async (t) => {
  const table = [
    '| fault | status | code | time (ms) |',
    '| --- | --- | --- | ---: |',
    ...rows.map((r) => `| ${r.fault} | ${r.status} | ${r.code} | ${r.ms === 0 ? '—' : r.ms.toFixed(0)} |`)
  ].join('\n')
  t.comment(`\n${table}`)
  t.ok(rows.length >= 23, `${rows.length} rows`)
})
