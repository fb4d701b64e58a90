// Two facade instances, each a real server on its own port, sharing a real Redis in front of one
// WHMCS sandbox: what a load balancer spreading requests over them must never notice. A small
// counting proxy between the instances and the sandbox measures how many WHMCS calls are in
// flight at once.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { start } from '../src/server.js'
import { startSandbox, type Sandbox } from '../src/sandbox/index.js'
import { closedPort, newClientBody } from './support/fixtures.js'
import { startRedis, type RedisServer } from './support/redis-server.js'

const KEY = 'scale-out-key-0001'
const auth = { authorization: `Bearer ${KEY}` }

interface Proxy {
  url: string
  /** WHMCS calls in flight now, and the most at once. */
  inFlight: number
  max: number
  /** Added before each call is passed on. */
  delayMs: number
}

async function countingProxy (t: Test, sandbox: Sandbox): Promise<Proxy> {
  const read = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }
  const proxy: Proxy = { url: '', inFlight: 0, max: 0, delayMs: 0 }
  const server = createServer((req, res) => {
    proxy.inFlight++
    proxy.max = Math.max(proxy.max, proxy.inFlight)
    ;(async () => {
      try {
        const body = await read(req)
        await sleep(proxy.delayMs)
        const upstream = await fetch(`${sandbox.url}${req.url ?? '/'}`, {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
          body: req.method === 'POST' ? body.toString('utf8') : undefined
        })
        const answer = Buffer.from(await upstream.arrayBuffer())
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' })
        res.end(answer)
      } catch {
        res.writeHead(502).end()
      } finally {
        proxy.inFlight--
      }
    })().catch(() => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise((resolve) => server.close(resolve)) })
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return proxy
}

interface Cluster {
  sandbox: Sandbox
  proxy: Proxy
  redis: RedisServer
  /** The two instances' base URLs. */
  a: string
  b: string
}

async function cluster (t: Test, env: Record<string, string> = {}): Promise<Cluster> {
  const redis = await startRedis(t)
  const sandbox = await startSandbox()
  t.teardown(() => sandbox.close())
  const proxy = await countingProxy(t, sandbox)
  // One key prefix for both: that is what makes them one service.
  const prefix = `scale-${randomUUID().slice(0, 8)}:`
  const instance = async (): Promise<string> => {
    const started = await start({
      WHMCS_URL: proxy.url,
      WHMCS_IDENTIFIER: sandbox.identifier,
      WHMCS_SECRET: sandbox.secret,
      PORT: '0',
      LOG_LEVEL: 'silent',
      API_KEYS: KEY,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      ...env
    })
    t.teardown(() => started.fastify.close())
    return started.url
  }
  return { sandbox, proxy, redis, a: await instance(), b: await instance() }
}

async function call (base: string, path: string, init: RequestInit = {}): Promise<{ status: number, headers: Headers, body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers as Record<string, string> } })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text === '' ? {} : JSON.parse(text) as Record<string, unknown> }
}

const post = async (base: string, body: Record<string, unknown>, key?: string) =>
  await call(base, '/clients', { method: 'POST', body: JSON.stringify(body), headers: key === undefined ? {} : { 'idempotency-key': key } })

const writes = (sandbox: Sandbox): number => sandbox.calls.filter((c) => c.action === 'AddClient').length

t.test('the same Idempotency-Key sent to both instances at once makes one WHMCS write', async (t) => {
  const { sandbox, proxy, a, b } = await cluster(t)
  proxy.delayMs = 150
  const body = newClientBody('scale')
  const key = randomUUID()
  const answers = await Promise.all([a, b, a, b, a, b].map(async (base) => await post(base, body, key)))
  const created = answers.filter((r) => r.status === 201)
  t.equal(created.length, 1, 'one request ran the write')
  t.ok(answers.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'IDEMPOTENCY_IN_PROGRESS')), 'the others were told it is in progress')
  t.equal(writes(sandbox), 1, 'WHMCS saw one AddClient')

  proxy.delayMs = 0
  for (const base of [a, b]) {
    const replay = await post(base, body, key)
    t.equal(replay.status, 201)
    t.equal(replay.headers.get('idempotent-replayed'), 'true', 'each instance replays the stored answer')
    t.equal(replay.headers.get('location'), created[0].headers.get('location'))
    t.same(replay.body, created[0].body)
  }
  t.equal((await post(b, newClientBody('other'), key)).body.code, 'IDEMPOTENCY_KEY_REUSED', 'another body under the key is refused on the other instance too')
  t.equal(writes(sandbox), 1)
})

t.test('a rate limit is shared by both instances', async (t) => {
  const { a, b } = await cluster(t, { RATE_LIMIT_PER_MINUTE: '6' })
  const remaining: string[] = []
  for (const base of [a, b, a, b, a, b]) {
    const res = await call(base, '/clients/1')
    t.equal(res.status, 200)
    remaining.push(res.headers.get('ratelimit-remaining') ?? '')
  }
  t.same(remaining, ['5', '4', '3', '2', '1', '0'], 'one budget counted down across both')
  for (const base of [a, b]) {
    const refused = await call(base, '/clients/1')
    t.equal(refused.status, 429)
    t.equal(refused.body.code, 'RATE_LIMITED')
    t.ok(Number(refused.headers.get('retry-after')) > 0)
  }
})

t.test('the global WHMCS cap holds under a burst split across both instances', async (t) => {
  // Each instance alone would allow 3 calls at once (6 together); the global cap is 3.
  const { proxy, a, b } = await cluster(t, { WHMCS_MAX_CONCURRENCY: '3', WHMCS_GLOBAL_MAX_CONCURRENCY: '3', RATE_LIMIT_PER_MINUTE: '1000' })
  proxy.delayMs = 50
  proxy.max = 0
  const answers = await Promise.all(Array.from({ length: 30 }, async (_, i) => await call(i % 2 === 0 ? a : b, `/clients/${1 + (i % 10)}`)))
  t.ok(answers.every((r) => r.status === 200), 'every read answered')
  t.ok(proxy.max <= 3, `at most 3 WHMCS calls at once (saw ${proxy.max})`)
  t.ok(proxy.max >= 2, `the cap was used, not serialised (saw ${proxy.max})`)
  const ready = await call(a, '/readyz')
  t.match(ready.body, { status: 'ready', sharedState: { backend: 'redis', ok: true }, governor: { inFlight: 0 } })
})

t.test('control: with a global cap of 6 the same burst does reach WHMCS more than 3 at a time', async (t) => {
  const { proxy, a, b } = await cluster(t, { WHMCS_MAX_CONCURRENCY: '3', WHMCS_GLOBAL_MAX_CONCURRENCY: '6', RATE_LIMIT_PER_MINUTE: '1000' })
  proxy.delayMs = 50
  const answers = await Promise.all(Array.from({ length: 30 }, async (_, i) => await call(i % 2 === 0 ? a : b, `/clients/${1 + (i % 10)}`)))
  t.ok(answers.every((r) => r.status === 200))
  t.ok(proxy.max > 3 && proxy.max <= 6, `more than one instance's worth at once (saw ${proxy.max})`)
})

t.test('Redis lost mid-run: writes with a key answer 503, reads go on per instance, no write runs twice; it recovers by itself', async (t) => {
  const { sandbox, proxy, redis, a, b } = await cluster(t, { RATE_LIMIT_PER_MINUTE: '1000' })
  // A write is on its way to WHMCS when Redis dies.
  proxy.delayMs = 500
  const inFlightBody = newClientBody('inflight')
  const inFlightKey = randomUUID()
  const pending = post(a, inFlightBody, inFlightKey)
  // Its key is claimed and the call is held by the proxy: now Redis goes.
  for (let i = 0; i < 200 && proxy.inFlight === 0; i++) await sleep(5)
  t.equal(proxy.inFlight, 1, 'the write is on its way to WHMCS')
  await redis.kill()
  const first = await pending
  t.equal(first.status, 201, 'the write that had started finishes and is answered')
  t.equal(writes(sandbox), 1)
  proxy.delayMs = 0

  for (const base of [a, b]) {
    const refused = await post(base, newClientBody('outage'), randomUUID())
    t.equal(refused.status, 503, 'a write with a key is refused while Redis is away')
    t.equal(refused.body.code, 'IDEMPOTENCY_UNAVAILABLE')
    t.equal(refused.headers.get('retry-after'), '5')
  }
  const retryElsewhere = await post(b, inFlightBody, inFlightKey)
  t.equal(retryElsewhere.status, 503, 'a retry of the finished write on the other instance is refused, not run again')
  const retryHere = await post(a, inFlightBody, inFlightKey)
  t.equal(retryHere.headers.get('idempotent-replayed'), 'true', 'on its own instance it is replayed from memory')
  t.equal(writes(sandbox), 1, 'no write ran twice, none was refused after reaching WHMCS')

  for (const base of [a, b]) {
    const read = await call(base, '/clients/1')
    t.equal(read.status, 200, 'reads go on')
    // Each instance has had three requests since Redis went: its own count, not the shared one.
    t.equal(read.headers.get('ratelimit-remaining'), '997', 'each instance counts its own budget meanwhile')
    const ready = await call(base, '/readyz')
    t.equal(ready.status, 200)
    t.match(ready.body, { status: 'degraded', sharedState: { backend: 'redis', ok: false }, whmcs: { ok: true } })
  }
  const metrics = await fetch(`${a}/metrics`, { headers: auth }).then(async (r) => await r.text())
  t.match(metrics, /^shared_state_up\{backend="redis"\} 0$/m)
  t.match(metrics, /^shared_state_failures\{operation="idempotency"\} [1-9]/m)
  t.match(metrics, /^shared_state_failures\{operation="rate_limit"\} [1-9]/m)

  await redis.restart()
  for (const base of [a, b]) {
    let status = ''
    for (let i = 0; i < 100 && status !== 'ready'; i++) {
      status = String((await call(base, '/readyz')).body.status)
      if (status !== 'ready') await sleep(100)
    }
    t.equal(status, 'ready', 'each instance is ready again without a restart')
  }
  const replayed = await post(b, inFlightBody, inFlightKey)
  t.equal(replayed.status, 201)
  t.equal(replayed.headers.get('idempotent-replayed'), 'true', 'the answer kept during the outage reached Redis: the other instance replays it')
  const key = randomUUID()
  const body = newClientBody('after')
  t.equal((await post(b, body, key)).status, 201)
  t.equal((await post(a, body, key)).headers.get('idempotent-replayed'), 'true')
  t.equal(writes(sandbox), 2, 'two writes in all, each once')
  const metricsAfter = await fetch(`${b}/metrics`, { headers: auth }).then(async (r) => await r.text())
  t.match(metricsAfter, /^shared_state_up\{backend="redis"\} 1$/m)
})

t.test('Redis unreachable at start: the instance refuses to start and says why', async (t) => {
  const sandbox = await startSandbox()
  t.teardown(() => sandbox.close())
  const redisPort = await closedPort()
  const port = await closedPort()
  const err = await start({
    WHMCS_URL: sandbox.url,
    WHMCS_IDENTIFIER: sandbox.identifier,
    WHMCS_SECRET: sandbox.secret,
    PORT: String(port),
    LOG_LEVEL: 'silent',
    API_KEYS: KEY,
    REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${redisPort}`
  }).then(async (s) => { await s.fastify.close(); return undefined }, (e: unknown) => e as Error)
  t.ok(err instanceof Error, 'start() rejects')
  t.match(err?.message, new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${redisPort} \\(REDIS_URL\\) cannot be reached: .*ECONNREFUSED`))
  t.notMatch(err?.message, /s3cret-pass/)
  const probe = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => 'listening', () => 'closed')
  t.equal(probe, 'closed', 'nothing listens')
})
