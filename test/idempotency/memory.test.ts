// The in-memory idempotency store on its own: claims, records, release, expiry, sweep and bound.
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { MemoryIdempotencyStore, type MemoryStoreOptions } from '../../src/idempotency/memory.js'
import type { IdempotencyRecord } from '../../src/idempotency/store.js'
import { until } from '../support/fixtures.js'

const scope = (key: string, owner = 'anonymous') => ({ owner, key })
const record = (fingerprint: string, status = 201): IdempotencyRecord => ({
  fingerprint,
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/clients/7' },
  body: '{"id":7}'
})

/** A store on a hand-driven clock. */
function storeFor (t: Test, opts: MemoryStoreOptions = {}): { store: MemoryIdempotencyStore, clock: { now: number } } {
  const clock = { now: 1_000_000 }
  const store = new MemoryIdempotencyStore({ now: () => clock.now, ...opts })
  t.teardown(() => store.close())
  return { store, clock }
}

t.test('the first claim wins; a second sees it in flight with its fingerprint', async (t) => {
  const { store } = storeFor(t)
  t.same(await store.claim(scope('key-0001'), 'fp-a', 1000), { kind: 'claimed' })
  t.same(await store.claim(scope('key-0001'), 'fp-a', 1000), { kind: 'in-flight', fingerprint: 'fp-a' })
  t.same(await store.claim(scope('key-0001'), 'fp-b', 1000), { kind: 'in-flight', fingerprint: 'fp-a' }, 'whatever the second asks for')
})

t.test('a completed claim answers with its record, as a copy', async (t) => {
  const { store } = storeFor(t)
  await store.claim(scope('key-0001'), 'fp-a', 1000)
  const stored = record('fp-a')
  await store.complete(scope('key-0001'), stored, 10_000)
  stored.headers.location = '/changed'
  const first = await store.claim(scope('key-0001'), 'fp-a', 1000)
  t.same(first, { kind: 'done', record: record('fp-a') })
  if (first.kind === 'done') first.record.headers.location = '/changed-too'
  t.same(await store.claim(scope('key-0001'), 'fp-a', 1000), { kind: 'done', record: record('fp-a') }, 'callers cannot change what is stored')
})

t.test('complete stores a record even when the claim is gone', async (t) => {
  const { store, clock } = storeFor(t)
  await store.claim(scope('key-0001'), 'fp-a', 100)
  clock.now += 200
  await store.complete(scope('key-0001'), record('fp-a'), 10_000)
  t.match(await store.claim(scope('key-0001'), 'fp-a', 100), { kind: 'done' })
})

t.test('release frees a claim, but never a completed record', async (t) => {
  const { store } = storeFor(t)
  await store.claim(scope('key-0001'), 'fp-a', 1000)
  await store.release(scope('key-0001'))
  t.same(await store.claim(scope('key-0001'), 'fp-b', 1000), { kind: 'claimed' }, 'free again, for any request')
  await store.complete(scope('key-0001'), record('fp-b'), 10_000)
  await store.release(scope('key-0001'))
  t.match(await store.claim(scope('key-0001'), 'fp-b', 1000), { kind: 'done' })
  await store.release(scope('never-claimed'))
  t.equal(store.size, 1)
})

t.test('scopes are the owner and the key together', async (t) => {
  const { store } = storeFor(t)
  t.same(await store.claim(scope('key-0001', 'owner-a'), 'fp', 1000), { kind: 'claimed' })
  t.same(await store.claim(scope('key-0001', 'owner-b'), 'fp', 1000), { kind: 'claimed' })
  t.same(await store.claim(scope('key-0002', 'owner-a'), 'fp', 1000), { kind: 'claimed' })
  // Separator tricks cannot make two scopes collide.
  t.same(await store.claim({ owner: 'a', key: 'b:c-0001' }, 'fp', 1000), { kind: 'claimed' })
  t.same(await store.claim({ owner: 'a:b', key: 'c-0001' }, 'fp', 1000), { kind: 'claimed' })
  t.same(await store.claim({ owner: 'a","b', key: 'c-0001' }, 'fp', 1000), { kind: 'claimed' })
  t.same(await store.claim({ owner: 'a', key: '","b","c-0001' }, 'fp', 1000), { kind: 'claimed' })
})

t.test('claims lapse after their ttl, records after theirs', async (t) => {
  const { store, clock } = storeFor(t)
  await store.claim(scope('key-0001'), 'fp-a', 100)
  clock.now += 99
  t.match(await store.claim(scope('key-0001'), 'fp-a', 100), { kind: 'in-flight' })
  clock.now += 1
  t.same(await store.claim(scope('key-0001'), 'fp-b', 100), { kind: 'claimed' }, 'a crashed request does not lock the key')
  await store.complete(scope('key-0001'), record('fp-b'), 5_000)
  clock.now += 4_999
  t.match(await store.claim(scope('key-0001'), 'fp-b', 100), { kind: 'done' })
  clock.now += 1
  t.same(await store.claim(scope('key-0001'), 'fp-c', 100), { kind: 'claimed' })
})

t.test('expiry runs on the real clock by default', async (t) => {
  const store = new MemoryIdempotencyStore()
  t.teardown(() => store.close())
  await store.claim(scope('key-0001'), 'fp-a', 60_000)
  await store.complete(scope('key-0001'), record('fp-a'), 60_000)
  t.match(await store.claim(scope('key-0001'), 'fp-a', 30), { kind: 'done' }, 'kept for its minute')
  await store.claim(scope('key-0002'), 'fp-a', 60_000)
  await store.complete(scope('key-0002'), record('fp-a'), 5)
  // Waited out past its 5 ms (a wait can only be longer than asked, never shorter).
  await sleep(20)
  t.same(await store.claim(scope('key-0002'), 'fp-a', 30), { kind: 'claimed' }, 'gone after its lifetime')
})

t.test('sweep drops expired entries only', async (t) => {
  const { store, clock } = storeFor(t)
  await store.claim(scope('short-001'), 'fp', 100)
  await store.claim(scope('long-0001'), 'fp', 10_000)
  await store.complete(scope('done-0001'), record('fp'), 100)
  clock.now += 100
  t.equal(store.sweep(), 2)
  t.equal(store.size, 1)
  t.match(await store.claim(scope('long-0001'), 'fp', 100), { kind: 'in-flight' })
})

t.test('the periodic sweep runs on its own, and stops on close', async (t) => {
  const store = new MemoryIdempotencyStore({ sweepIntervalMs: 10 })
  await store.claim(scope('key-0001'), 'fp', 5)
  await store.claim(scope('key-0002'), 'fp', 60_000)
  await until(() => store.size === 1, 'the sweep')
  t.equal(store.size, 1, 'the expired claim was swept without being looked at')
  await store.close()
  t.equal(store.size, 0)
})

t.test('at its bound the store drops expired entries first', async (t) => {
  const { store, clock } = storeFor(t, { maxEntries: 3 })
  await store.claim(scope('old-0001'), 'fp', 100_000)
  await store.claim(scope('exp-0001'), 'fp', 10)
  await store.claim(scope('new-0001'), 'fp', 100_000)
  clock.now += 10
  t.same(await store.claim(scope('new-0002'), 'fp', 100_000), { kind: 'claimed' })
  t.equal(store.size, 3)
  t.match(await store.claim(scope('old-0001'), 'fp', 1), { kind: 'in-flight' }, 'the oldest live entry was kept')
})

t.test('at its bound with nothing expired, the oldest records go before any claim', async (t) => {
  const { store } = storeFor(t, { maxEntries: 4 })
  await store.claim(scope('claim-001'), 'fp', 100_000)
  await store.complete(scope('done-0001'), record('fp'), 100_000)
  await store.claim(scope('claim-002'), 'fp', 100_000)
  await store.complete(scope('done-0002'), record('fp'), 100_000)
  await store.claim(scope('claim-003'), 'fp', 100_000)
  t.equal(store.size, 4)
  t.match(await store.claim(scope('claim-001'), 'fp', 1), { kind: 'in-flight' }, 'a claim outlives newer records')
  t.match(await store.claim(scope('done-0002'), 'fp', 1), { kind: 'done' }, 'the newer record stays')
  t.same(await store.claim(scope('done-0001'), 'fp', 100_000), { kind: 'claimed' }, 'the oldest record was evicted')
  t.ok(store.size <= 4)
})

t.test('with only claims left, the oldest claim goes', async (t) => {
  const { store } = storeFor(t, { maxEntries: 2 })
  await store.claim(scope('claim-001'), 'fp', 100_000)
  await store.claim(scope('claim-002'), 'fp', 100_000)
  await store.claim(scope('claim-003'), 'fp', 100_000)
  t.equal(store.size, 2)
  t.match(await store.claim(scope('claim-002'), 'fp', 1), { kind: 'in-flight' })
  t.match(await store.claim(scope('claim-003'), 'fp', 1), { kind: 'in-flight' })
})

t.test('concurrent claims of one key: exactly one wins', async (t) => {
  const { store } = storeFor(t)
  const results = await Promise.all(Array.from({ length: 100 }, async () => await store.claim(scope('key-0001'), 'fp', 1000)))
  t.equal(results.filter((r) => r.kind === 'claimed').length, 1)
  t.equal(results.filter((r) => r.kind === 'in-flight').length, 99)
})
