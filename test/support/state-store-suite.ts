// The behaviour every StateStore must have, run against the memory store and against Redis
// (test/state/memory.test.ts, test/state/redis.test.ts). Lifetimes pass by `advance`: the memory
// store's clock is a ManualClock that moves at once; Redis expires by its own clock, so there it
// waits.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import type { IdempotencyRecord } from '../../src/idempotency/store.js'
import type { StateStore } from '../../src/state/store.js'
import { countHit } from '../../src/state/rate-limit.js'

export type MakeStore = (t: Test) => Promise<StateStore>
/** Moves the store's clock on by `ms`. */
export type Advance = (ms: number) => Promise<void>

const scope = (key: string, owner = 'anonymous') => ({ owner, key })
const record = (fingerprint: string, status = 201): IdempotencyRecord => ({
  fingerprint,
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/clients/7' },
  body: '{"id":7,"name":"Zoë & Co"}'
})

export function stateStoreSuite (t: Test, make: MakeStore, advance: Advance): void {
  t.test('idempotency: the first claim wins; a repeat sees it in flight, then done', async (t) => {
    const store = await make(t)
    t.same(await store.claim(scope('key-0001'), 'fp-a', 5_000), { kind: 'claimed' })
    t.same(await store.claim(scope('key-0001'), 'fp-b', 5_000), { kind: 'in-flight', fingerprint: 'fp-a' })
    await store.complete(scope('key-0001'), record('fp-a'), 5_000)
    t.same(await store.claim(scope('key-0001'), 'fp-a', 5_000), { kind: 'done', record: record('fp-a') })
  })

  t.test('idempotency: of many concurrent claims of one key exactly one wins', async (t) => {
    const store = await make(t)
    const results = await Promise.all(Array.from({ length: 25 }, async (_, i) => await store.claim(scope('race-0001'), `fp-${i}`, 5_000)))
    t.equal(results.filter((r) => r.kind === 'claimed').length, 1)
    const winner = results.findIndex((r) => r.kind === 'claimed')
    t.ok(results.every((r) => r.kind === 'claimed' || (r.kind === 'in-flight' && r.fingerprint === `fp-${winner}`)))
  })

  t.test('idempotency: release frees a claim, never a completed record', async (t) => {
    const store = await make(t)
    await store.claim(scope('key-0001'), 'fp-a', 5_000)
    await store.release(scope('key-0001'))
    t.same(await store.claim(scope('key-0001'), 'fp-b', 5_000), { kind: 'claimed' })
    await store.complete(scope('key-0001'), record('fp-b'), 5_000)
    await store.release(scope('key-0001'))
    t.match(await store.claim(scope('key-0001'), 'fp-b', 5_000), { kind: 'done' })
    await store.release(scope('never-claimed'))
  })

  t.test('idempotency: scopes are the owner and the key together', async (t) => {
    const store = await make(t)
    t.same(await store.claim(scope('key-0001', 'owner-a'), 'fp', 5_000), { kind: 'claimed' })
    t.same(await store.claim(scope('key-0001', 'owner-b'), 'fp', 5_000), { kind: 'claimed' })
    t.same(await store.claim({ owner: 'a', key: 'b:c-0001' }, 'fp', 5_000), { kind: 'claimed' })
    t.same(await store.claim({ owner: 'a:b', key: 'c-0001' }, 'fp', 5_000), { kind: 'claimed' })
    t.same(await store.claim({ owner: 'a","b', key: 'c-0001' }, 'fp', 5_000), { kind: 'claimed' })
  })

  t.test('idempotency: claims and records lapse after their lifetimes', async (t) => {
    const store = await make(t)
    await store.claim(scope('key-0001'), 'fp-a', 200)
    t.match(await store.claim(scope('key-0001'), 'fp-a', 200), { kind: 'in-flight' })
    await advance(250)
    t.same(await store.claim(scope('key-0001'), 'fp-b', 200), { kind: 'claimed' }, 'a crashed request does not lock the key')
    await store.complete(scope('key-0001'), record('fp-b'), 200)
    t.match(await store.claim(scope('key-0001'), 'fp-b', 200), { kind: 'done' })
    await advance(250)
    t.same(await store.claim(scope('key-0001'), 'fp-c', 200), { kind: 'claimed' })
  })

  t.test('rate limits: hits count in a window that restarts after it ends', async (t) => {
    const store = await make(t)
    const first = await countHit(store.counter, 'key-a', 60_000, 3)
    t.equal(first.current, 1)
    t.ok(first.ttl > 0 && first.ttl <= 60_000, `ttl ${first.ttl}`)
    t.equal((await countHit(store.counter, 'key-a', 60_000, 3)).current, 2)
    t.equal((await countHit(store.counter, 'key-b', 60_000, 3)).current, 1, 'keys count apart')
    const third = await countHit(store.counter, 'key-a', 60_000, 3)
    t.equal(third.current, 3)
    t.ok(third.ttl <= first.ttl, 'the window is not extended')
    t.equal((await countHit(store.counter, 'key-a', 60_000, 3)).current, 4, 'past the max it keeps counting')
    // The counters are @fastify/rate-limit's own, on the real clock: a short window, waited out.
    t.equal((await countHit(store.counter, 'key-c', 50, 3)).current, 1)
    await sleep(60)
    t.equal((await countHit(store.counter, 'key-c', 50, 3)).current, 1, 'a new window')
  })

  t.test('cache: texts are kept for their lifetime', async (t) => {
    const store = await make(t)
    t.equal(await store.cacheGet('k1'), undefined)
    await store.cacheSet('k1', '{"a":"é"}', 200)
    await store.cacheSet('k0', 'never', 0)
    t.equal(await store.cacheGet('k1'), '{"a":"é"}')
    t.equal(await store.cacheGet('k0'), undefined, 'a lifetime of 0 keeps nothing')
    await advance(250)
    t.equal(await store.cacheGet('k1'), undefined)
  })

  t.test('locks: exclusive until unlocked by their token or lapsed', async (t) => {
    const store = await make(t)
    const token = await store.lock('l1', 5_000)
    t.type(token, 'string')
    t.equal(await store.lock('l1', 5_000), undefined, 'held')
    await store.unlock('l1', 'not-the-token')
    t.equal(await store.lock('l1', 5_000), undefined, 'a wrong token does not free it')
    await store.unlock('l1', token as string)
    const again = await store.lock('l1', 200)
    t.type(again, 'string', 'free again')
    t.equal(await store.lock('l1', 200), undefined)
    await advance(250)
    t.type(await store.lock('l1', 200), 'string', 'a lapsed lock is free')
    await store.unlock('l1', again as string)
  })

  t.test('leases: at most `limit` held; released, renewed and lapsed ones are counted right', async (t) => {
    const store = await make(t)
    const got = await Promise.all(Array.from({ length: 8 }, async () => await store.acquireLease('sem', 3, 5_000)))
    const tokens = got.filter((x): x is string => x !== undefined)
    t.equal(tokens.length, 3, 'three of eight concurrent acquisitions succeed')
    t.equal(await store.leases('sem'), 3)
    await store.releaseLease('sem', tokens[0])
    t.equal(await store.leases('sem'), 2)
    t.type(await store.acquireLease('sem', 3, 5_000), 'string')
    t.equal(await store.acquireLease('sem', 3, 5_000), undefined)
    t.equal(await store.leases('other'), 0, 'semaphores are apart')

    // Renewed at 200 ms for 400 more: held at 450 ms, past its first lifetime, gone by 900.
    const short = await store.acquireLease('short', 1, 400) as string
    t.type(short, 'string')
    await advance(200)
    await store.renewLeases('short', [short, 'unknown-token'], 400)
    await advance(250)
    t.equal(await store.acquireLease('short', 1, 400), undefined, 'renewed: still held past its first lifetime')
    t.equal(await store.leases('short'), 1, 'an unknown token is not added by renewal')
    await advance(450)
    t.equal(await store.leases('short'), 0, 'a lease not renewed lapses (its holder died)')
    t.type(await store.acquireLease('short', 1, 400), 'string')
  })

  t.test('stats and close', async (t) => {
    const store = await make(t)
    const stats = store.stats()
    t.equal(stats.backend, store.backend)
    t.equal(stats.healthy, true)
    t.same(stats.failures, { idempotency: 0, rate_limit: 0, cache: 0, lock: 0, lease: 0 })
    await store.close()
    await store.close()
    t.pass('close may be called twice')
  })
}
