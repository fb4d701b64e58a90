// The StateStore suite against a real Redis, then what only a shared store does: two instances
// seeing one state, a dead instance's leases lapsing, refusing to start without Redis, and
// failing fast while Redis is away and recovering by itself when it returns.
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { RedisStateStore, redisLocation, type RedisStateOptions } from '../../src/state/redis.js'
import { StateUnavailableError } from '../../src/state/store.js'
import { countHit } from '../../src/state/rate-limit.js'
import { GlobalSemaphore } from '../../src/whmcs/governor/global-semaphore.js'
import { WhmcsClient } from '../../src/whmcs/client.js'
import { startSandbox } from '../../src/sandbox/index.js'
import { startRedis, type RedisServer } from '../support/redis-server.js'
import { stateStoreSuite } from '../support/state-store-suite.js'

const record = { fingerprint: 'fp-a', status: 201, headers: { 'content-type': 'application/json' }, body: '{"id":1}' }

async function storeFor (t: Test, redis: RedisServer, opts: Partial<RedisStateOptions> = {}): Promise<RedisStateStore> {
  const store = new RedisStateStore({ url: redis.url, keyPrefix: `test-${randomUUID()}:`, connectTimeoutMs: 2_000, commandTimeoutMs: 500, ...opts })
  await store.connect()
  t.teardown(() => store.close())
  return store
}

t.test('the StateStore suite', async (t) => {
  const redis = await startRedis(t)
  // Redis expires keys by its own clock: lifetimes pass by waiting them out.
  stateStoreSuite(t, async (t) => await storeFor(t, redis), async (ms) => { await sleep(ms) })
})

t.test('two instances on one Redis see one state', async (t) => {
  const redis = await startRedis(t)
  const keyPrefix = `test-${randomUUID()}:`
  const a = await storeFor(t, redis, { keyPrefix })
  const b = await storeFor(t, redis, { keyPrefix })
  t.equal(a.shared, true)

  const claims = await Promise.all([a, b, a, b].map(async (s) => await s.claim({ owner: 'k', key: 'pay-0001' }, 'fp-a', 5_000)))
  t.equal(claims.filter((c) => c.kind === 'claimed').length, 1, 'one claim across both')
  await (claims[0].kind === 'claimed' || claims[2].kind === 'claimed' ? a : b).complete({ owner: 'k', key: 'pay-0001' }, record, 5_000)
  t.same(await b.claim({ owner: 'k', key: 'pay-0001' }, 'fp-a', 5_000), { kind: 'done', record })
  t.same(await a.claim({ owner: 'k', key: 'pay-0001' }, 'fp-a', 5_000), { kind: 'done', record })

  await a.claim({ owner: 'k', key: 'mine-0001' }, 'fp', 5_000)
  await b.release({ owner: 'k', key: 'mine-0001' })
  t.match(await a.claim({ owner: 'k', key: 'mine-0001' }, 'fp', 5_000), { kind: 'in-flight' }, 'an instance releases only its own claims')

  t.equal((await countHit(a.counter, 'ip:1', 60_000, 5)).current, 1)
  t.equal((await countHit(b.counter, 'ip:1', 60_000, 5)).current, 2, 'one counter')
  await a.cacheSet('c', 'text', 5_000)
  t.equal(await b.cacheGet('c'), 'text')
  t.type(await a.acquireLease('sem', 1, 5_000), 'string')
  t.equal(await b.acquireLease('sem', 1, 5_000), undefined, 'one cap')

  const other = await storeFor(t, redis)
  t.equal(await other.cacheGet('c'), undefined, 'another key prefix is another state')
})

t.test('the global semaphore renews its leases while held; a dead holder\'s lapse', async (t) => {
  const redis = await startRedis(t)
  const keyPrefix = `test-${randomUUID()}:`
  const a = await storeFor(t, redis, { keyPrefix })
  const b = await storeFor(t, redis, { keyPrefix })
  const semA = new GlobalSemaphore(a, 'whmcs', 1, 150)
  const semB = new GlobalSemaphore(b, 'whmcs', 1, 150)
  await semA.acquire(Date.now() + 1_000)
  t.equal(semA.held, 1)
  // B waits 400 ms, past the lease's 150 ms lifetime: it gets nothing only because A renews it.
  await t.rejects(semB.acquire(Date.now() + 400), { name: 'LimiterRejection', reason: 'deadline' }, 'held past its lifetime: renewed')
  semA.release()
  await semB.acquire(Date.now() + 1_000)
  t.equal(semB.held, 1, 'released: the other instance gets it')

  // B dies holding its lease: its connection goes, nothing is released or renewed.
  await b.close()
  // Never released: A gets it (within its deadline) only once the lease has lapsed.
  await semA.acquire(Date.now() + 2_000)
  t.equal(semA.held, 1, 'the dead holder\'s lease lapsed')
  semA.release()

  const ctl = new AbortController()
  await semA.acquire(Date.now() + 1_000)
  const waiting = new GlobalSemaphore(a, 'whmcs', 1, 150).acquire(Date.now() + 5_000, ctl.signal)
  ctl.abort(new Error('gone'))
  await t.rejects(waiting, { name: 'LimiterRejection', reason: 'cancelled' })
  semA.release()
})

t.test('Redis unreachable at start: connect() says where and why, never the password', async (t) => {
  const redis = await startRedis(t)
  await redis.kill()
  const store = new RedisStateStore({ url: `redis://:hunter2-password@127.0.0.1:${redis.port}/2`, keyPrefix: 'x:', connectTimeoutMs: 1_000, commandTimeoutMs: 500 })
  const err = await store.connect().then(() => undefined, (e: unknown) => e)
  t.type(err, StateUnavailableError)
  t.match((err as Error).message, new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${redis.port}/2 \\(REDIS_URL\\) cannot be reached: .*ECONNREFUSED.*does not start without it\\.$`))
  t.notMatch((err as Error).message, /hunter2/)
  await store.close()
  t.equal(redisLocation('redis://user:pw@cache.internal:6380'), 'redis://cache.internal:6380')
  t.equal(redisLocation('not a url'), 'REDIS_URL')
})

t.test('while Redis is away operations fail fast; answers are kept and written back; it recovers by itself', async (t) => {
  const redis = await startRedis(t)
  const keyPrefix = `test-${randomUUID()}:`
  // A command timeout far past tap's own: an operation that waited for Redis would hang the test.
  const a = await storeFor(t, redis, { keyPrefix, commandTimeoutMs: 600_000 })
  const b = await storeFor(t, redis, { keyPrefix })
  const pay = { owner: 'k', key: 'pay-0002' }
  const refund = { owner: 'k', key: 'refund-0002' }
  t.same(await a.claim(pay, 'fp-a', 60_000), { kind: 'claimed' })
  t.same(await a.claim(refund, 'fp-r', 60_000), { kind: 'claimed' })

  await redis.kill()
  await sleep(50)
  const ops: Array<() => Promise<unknown>> = [
    async () => await a.claim({ owner: 'k', key: 'other-0001' }, 'fp', 1_000),
    async () => await countHit(a.counter, 'ip:1', 1_000, 5),
    async () => await a.cacheGet('x'),
    async () => await a.lock('x', 1_000),
    async () => await a.acquireLease('sem', 1, 1_000)
  ]
  for (const op of ops) await t.rejects(op(), StateUnavailableError, 'refused at once: no operation waits for Redis')
  t.match(a.stats(), { healthy: false, failures: { idempotency: 1, rate_limit: 1, cache: 1, lock: 1, lease: 1 } })

  // The write behind `pay` happened while Redis was away: its answer is kept...
  await a.complete(pay, record, 60_000)
  await a.release(refund)
  t.same(await a.claim(pay, 'fp-a', 60_000), { kind: 'done', record }, '...and replayed by this instance meanwhile')

  await redis.restart()
  for (let i = 0; i < 100 && !a.stats().healthy; i++) await sleep(50)
  t.equal(a.stats().healthy, true, 'healthy again without a restart of the service')
  t.same(await b.claim(pay, 'fp-a', 60_000), { kind: 'done', record }, 'the kept answer was written back: the other instance replays it')
  t.same(await b.claim(refund, 'fp-r', 60_000), { kind: 'claimed' }, 'the release reached Redis too')
  t.equal((await countHit(a.counter, 'ip:2', 1_000, 5)).current, 1)
})

t.test('a stuck Redis fails commands after commandTimeoutMs', async (t) => {
  const redis = await startRedis(t)
  const store = await storeFor(t, redis, { commandTimeoutMs: 100 })
  redis.pause()
  t.teardown(() => { redis.resume() })
  // A paused Redis never answers: only the command timeout can end the call.
  await t.rejects(store.cacheGet('x'), StateUnavailableError)
  t.equal(store.stats().healthy, false, 'a failing command marks the store unhealthy, though still connected')
  redis.resume()
  t.equal(await store.cacheGet('x'), undefined)
  t.equal(store.stats().healthy, true, 'and the next success healthy again')
})

t.test('two clients on one Redis: identical reference reads make one WHMCS call, and share its cache', async (t) => {
  const redis = await startRedis(t)
  const sandbox = await startSandbox()
  t.teardown(() => sandbox.close())
  const keyPrefix = `test-${randomUUID()}:`
  const clients = await Promise.all([0, 1].map(async () => {
    const client = new WhmcsClient({
      url: sandbox.url,
      identifier: sandbox.identifier,
      secret: sandbox.secret,
      responseType: 'json',
      timeoutMs: 2_000,
      connections: 2,
      state: await storeFor(t, redis, { keyPrefix })
    })
    t.teardown(() => client.close())
    return client
  }))
  sandbox.quirks.set('WhmcsDetails', { kind: 'slow', delayMs: 150 })
  const answers = await Promise.all(Array.from({ length: 8 }, async (_, i) => await clients[i % 2].call('WhmcsDetails', {}, { idempotent: true, cache: true })))
  t.equal(sandbox.calls.length, 1, 'one WHMCS call for eight reads on two instances')
  for (const answer of answers) t.same(answer, answers[0])
  t.same(clients.map((c) => c.stats().cacheMisses).sort(), [0, 1], 'one instance went upstream, the other waited for its answer')
  await clients[1].call('WhmcsDetails', {}, { cache: true })
  t.equal(sandbox.calls.length, 1, 'the answer is cached for both')

  // Without Redis each instance reads for itself, and still answers.
  sandbox.quirks.clear()
  await redis.kill()
  const fresh = await Promise.all(clients.map(async (c) => await c.call('WhmcsDetails', {}, { idempotent: true, cache: true })))
  t.same(fresh[0], answers[0])
  t.same(fresh[1], answers[0])
  t.equal(sandbox.calls.length, 3, 'the cache is out of reach: one call each')
})
