import t from 'tap'
import { MemoryStateStore } from '../../../src/state/memory.js'
import { SharedCache } from '../../../src/whmcs/governor/shared-cache.js'

t.test('a read that gets the lock after another instance stored the answer takes that answer', async (t) => {
  const store = new MemoryStateStore()
  // The other instance: it held the lock, called WHMCS and stored its answer between this
  // read's miss and its lock. Its write lands at the moment this read asks for the lock.
  let stored = false
  let unlocked = 0
  const racing = {
    cacheGet: async (key: string) => await store.cacheGet(key),
    cacheSet: async (key: string, text: string, ttlMs: number) => { await store.cacheSet(key, text, ttlMs) },
    unlock: async (key: string, token: string) => { unlocked++; await store.unlock(key, token) },
    lock: async (key: string, ttlMs: number) => {
      if (!stored) {
        stored = true
        await store.cacheSet(key, JSON.stringify({ from: 'the other instance' }), 60_000)
      }
      return await store.lock(key, ttlMs)
    }
  }
  const loads: string[] = []
  const answer = await new SharedCache(racing, 60_000, 'install-a').read('WhmcsDetails', Date.now() + 5_000, async () => {
    loads.push('WHMCS')
    return { from: 'WHMCS' }
  })
  t.same(answer, { text: '{"from":"the other instance"}', cached: true })
  t.same(loads, [], 'WHMCS was not called again')
  t.equal(unlocked, 1, 'and the lock was given back')
})

t.test('a miss with the lock calls WHMCS once and stores the answer for the next read', async (t) => {
  const store = new MemoryStateStore()
  const cache = new SharedCache(store, 60_000, 'install-a')
  let calls = 0
  const load = async (): Promise<unknown> => { calls++; return { n: calls } }
  t.same(await cache.read('k', Date.now() + 5_000, load), { text: '{"n":1}', cached: false })
  t.same(await cache.read('k', Date.now() + 5_000, load), { text: '{"n":1}', cached: true })
  t.equal(calls, 1)
})
