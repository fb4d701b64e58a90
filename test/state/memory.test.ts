// The StateStore suite against the in-memory store (one instance, REDIS_URL unset).
import t from 'tap'
import { MemoryStateStore } from '../../src/state/memory.js'
import { stateStoreSuite } from './suite.js'

stateStoreSuite(t, async (t) => {
  const store = new MemoryStateStore()
  await store.connect()
  t.teardown(() => store.close())
  t.equal(store.shared, false)
  return store
})
