// The StateStore suite against the in-memory store (one instance, REDIS_URL unset).
import t from 'tap'
import { MemoryStateStore } from '../../src/state/memory.js'
import { countHit, sharedRateLimitStore } from '../../src/state/rate-limit.js'
import { ManualClock } from '../support/fixtures.js'
import { stateStoreSuite } from '../support/state-store-suite.js'

const clock = new ManualClock()
stateStoreSuite(t, async (t) => {
  const store = new MemoryStateStore({ now: clock.now })
  await store.connect()
  t.teardown(() => store.close())
  t.equal(store.shared, false)
  return store
}, async (ms) => { clock.advance(ms) })

t.test('the rate-limit store given to @fastify/rate-limit counts in the state store, per route for children', async (t) => {
  const state = new MemoryStateStore()
  t.teardown(() => state.close())
  const Store = sharedRateLimitStore(state)
  const store = new Store({})
  const child = store.child({ routeInfo: { method: 'GET', url: '/x' } } as unknown as Parameters<typeof store.child>[0])
  const incr = async (s: typeof store, key: string) => await new Promise<{ current: number }>((resolve, reject) => {
    (s.incr as unknown as (key: string, cb: (err: Error | null, r?: { current: number }) => void, window: number, max: number) => void)(key, (err, r) => { if (err !== null || r === undefined) reject(err); else resolve(r) }, 60_000, 10)
  })
  t.equal((await incr(store, 'ip:1')).current, 1)
  t.equal((await incr(store, 'ip:1')).current, 2)
  t.equal((await incr(child, 'ip:1')).current, 1, 'a route of its own counts apart')
  t.equal((await countHit(state.counter, 'GET/x-ip:1', 60_000, 10)).current, 2, 'under the route\'s prefix')
})
