// Idempotent writes through the real app: POST /clients and POST /clients/{id}/close with an
// Idempotency-Key, against the WHMCS sandbox. These need the app to register the idempotency
// plugin and the route pattern to set `config.idempotency` on POST routes; the first test says
// so plainly when either is missing. The expiry test also needs the plugin's ttlMs to come from
// settings.idempotencyTtlMs.
import t from 'tap'
import { KeyRing, rawKeys } from '../../src/auth/keys.js'
import { MemoryStateStore } from '../../src/state/memory.js'
import { build } from '../support/helper.js'
import { closedPort, ManualClock, newClientBody, sameAnswer, until } from '../support/fixtures.js'

const create = (app: Awaited<ReturnType<typeof build>>['app'], payload: unknown, key?: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/clients', payload: payload as Record<string, unknown>, headers: key === undefined ? headers : { ...headers, 'idempotency-key': key } })

t.test('the app registers the idempotency plugin and POST /clients takes a key', async (t) => {
  const { app, sandbox } = await build(t)
  t.ok(app.hasPlugin('idempotency'), 'src/app.ts registers src/plugins/idempotency.ts')
  t.type(app.idempotencyStore?.claim, 'function', 'the store is exposed')
  const body = newClientBody('ida.app')
  await create(app, body, 'guard-key-00001')
  const again = await create(app, body, 'guard-key-00001')
  t.equal(again.headers['idempotent-replayed'], 'true', 'POST /clients has config.idempotency (set by registerRoutes)')
  t.equal(sandbox.calls.filter((c) => c.action === 'AddClient').length, 1)
})

t.test('POST /clients with a key', async (t) => {
  const { app, sandbox } = await build(t)
  const writes = () => sandbox.calls.filter((c) => c.action === 'AddClient').length

  t.test('a repeat replays status, body and Location, and WHMCS is called once', async (t) => {
    const before = writes()
    const body = newClientBody('ida.app')
    const first = await create(app, body, 'app-replay-00001')
    t.equal(first.statusCode, 201)
    t.match(first.headers.location, /^\/clients\/\d+$/)
    t.equal(first.headers['idempotent-replayed'], undefined)
    sameAnswer(t, await create(app, body, 'app-replay-00001'), first)
    sameAnswer(t, await create(app, { ...body }, 'app-replay-00001'), first)
    t.equal(writes(), before + 1, 'one AddClient upstream')
    t.equal((await app.inject(String(first.headers.location))).statusCode, 200, 'the client exists once')
  })

  t.test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED', async (t) => {
    const before = writes()
    const body = newClientBody('ida.app')
    t.equal((await create(app, body, 'app-reuse-000001')).statusCode, 201)
    const other = await create(app, { ...body, lastName: 'Different' }, 'app-reuse-000001')
    t.equal(other.statusCode, 422)
    t.match(other.json(), { code: 'IDEMPOTENCY_KEY_REUSED' })
    t.match(other.headers['content-type'], /problem\+json/)
    t.equal(writes(), before + 1)
  })

  t.test('50 concurrent identical requests make exactly one upstream write', async (t) => {
    sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 200, times: 1 })
    const before = writes()
    const body = newClientBody('ida.app')
    const answers = await Promise.all(Array.from({ length: 50 }, async () => await create(app, body, 'app-herd-0000001')))
    t.equal(writes(), before + 1, 'one AddClient')
    const created = answers.filter((a) => a.statusCode === 201)
    const busy = answers.filter((a) => a.statusCode === 409)
    t.equal(created.length + busy.length, 50, 'every answer is the result or 409')
    t.equal(created.filter((a) => a.headers['idempotent-replayed'] === undefined).length, 1, 'one original')
    for (const a of created) t.equal(a.body, created[0].body)
    for (const a of busy) {
      t.match(a.json(), { code: 'IDEMPOTENCY_IN_PROGRESS' })
      t.equal(a.headers['retry-after'], '1')
    }
    sameAnswer(t, await create(app, body, 'app-herd-0000001'), created[0])
    t.equal(writes(), before + 1)
  })

  t.test('a key of the wrong form is a 400 problem and nothing is written', async (t) => {
    const before = writes()
    for (const key of ['short', 'x'.repeat(256), 'with spaces in it', 'non-ascii-clé']) {
      const res = await create(app, newClientBody('ida.app'), key)
      t.equal(res.statusCode, 400, key)
      t.match(res.json(), { code: 'INVALID_REQUEST', errors: [{ location: 'headers/idempotency-key' }] })
    }
    t.equal(writes(), before)
  })

  t.test('a request that fails validation does not take the key', async (t) => {
    const bad = await create(app, { firstName: 'Only' }, 'app-invalid-0001')
    t.equal(bad.statusCode, 400)
    const good = await create(app, newClientBody('ida.app'), 'app-invalid-0001')
    t.equal(good.statusCode, 201)
  })

  t.test('without a key the request runs every time', async (t) => {
    const body = newClientBody('ida.app')
    t.equal((await create(app, body)).statusCode, 201)
    const again = await create(app, body)
    t.equal(again.statusCode, 409, 'WHMCS refuses the duplicate email: it ran again')
    t.equal(again.headers['idempotent-replayed'], undefined)
  })

  t.test('a WHMCS refusal is stored and replayed', async (t) => {
    const body = newClientBody('ida.app')
    t.equal((await create(app, body, 'app-refused-0001')).statusCode, 201)
    const dup = await create(app, body, 'app-refused-0002')
    t.equal(dup.statusCode, 409)
    const before = writes()
    sameAnswer(t, await create(app, body, 'app-refused-0002'), dup)
    t.equal(writes(), before)
  })
})

t.test('POST /clients/{id}/close replays its empty 204; PATCH ignores the header', async (t) => {
  const { app, sandbox } = await build(t)
  const close = () => app.inject({ method: 'POST', url: '/clients/4/close', headers: { 'idempotency-key': 'app-close-00001' } })
  const first = await close()
  t.equal(first.statusCode, 204)
  const again = await close()
  t.equal(again.statusCode, 204)
  t.equal(again.body, '')
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(sandbox.calls.filter((c) => c.action === 'CloseClient').length, 1)

  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ method: 'PATCH', url: '/clients/4', payload: { city: 'Lyon' }, headers: { 'idempotency-key': 'app-patch-00001' } })
    t.equal(res.statusCode, 204)
    t.equal(res.headers['idempotent-replayed'], undefined)
  }
  t.equal(sandbox.calls.filter((c) => c.action === 'UpdateClient').length, 2, 'PATCH is not keyed')
})

t.test('a write that timed out is replayed as 504 and never sent again', async (t) => {
  // undici's header timer ticks at about half a second: the answer must come well after 200 ms.
  const { app, sandbox } = await build(t, { whmcs: { timeoutMs: 200 } })
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 4_000 })
  const body = newClientBody('ida.app')
  const first = await create(app, body, 'app-timeout-0001')
  t.equal(first.statusCode, 504)
  t.match(first.json(), { code: 'UPSTREAM_TIMEOUT' })
  sandbox.quirks.clear()
  sameAnswer(t, await create(app, body, 'app-timeout-0001'), first)
  t.equal(sandbox.calls.filter((c) => c.action === 'AddClient').length, 1)
})

t.test('a write refused before reaching WHMCS releases the key', async (t) => {
  const port = await closedPort()
  const { app } = await build(t, { whmcs: { url: `http://127.0.0.1:${port}` } })
  const body = newClientBody('ida.app')
  const first = await create(app, body, 'app-refused-conn1')
  t.equal(first.statusCode, 503)
  t.match(first.json(), { code: 'UPSTREAM_UNAVAILABLE' })
  const again = await create(app, body, 'app-refused-conn1')
  t.equal(again.statusCode, 503)
  t.equal(again.headers['idempotent-replayed'], undefined, 'tried again, not replayed')
  t.same(await app.idempotencyStore.claim({ owner: 'anonymous', key: 'app-refused-conn1' }, 'probe', 1_000), { kind: 'claimed' }, 'the key is free')
})

t.test('keys are scoped per API key', async (t) => {
  const keys = new KeyRing(rawKeys(['owner-a-secret-key-1', 'owner-b-secret-key-1']))
  const { app, sandbox } = await build(t, { keys })
  const as = (secret: string) => ({ authorization: `Bearer ${secret}` })
  const bodyA = newClientBody('ida.app')
  const bodyB = newClientBody('ida.app')
  const a = await create(app, bodyA, 'shared-key-000001', as('owner-a-secret-key-1'))
  const b = await create(app, bodyB, 'shared-key-000001', as('owner-b-secret-key-1'))
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201, 'the other key\'s use of the same Idempotency-Key is not a reuse')
  t.not(a.headers.location, b.headers.location)
  sameAnswer(t, await create(app, bodyA, 'shared-key-000001', as('owner-a-secret-key-1')), a)
  sameAnswer(t, await create(app, bodyB, 'shared-key-000001', as('owner-b-secret-key-1')), b)
  const crossed = await create(app, bodyA, 'shared-key-000001', as('owner-b-secret-key-1'))
  t.match(crossed.json(), { code: 'IDEMPOTENCY_KEY_REUSED' }, 'owner b cannot read owner a\'s answer')
  t.equal(sandbox.calls.filter((c) => c.action === 'AddClient').length, 2)
})

t.test('a write refused by the full upstream queue releases the key; the retry goes through', async (t) => {
  const { app, sandbox } = await build(t, { settings: { governor: { maxConcurrency: 1, queueLimit: 0 } } })
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 1_000, times: 1 })
  const busy = create(app, newClientBody('ida.app'), 'app-queue-000001')
  await until(() => sandbox.calls.some((c) => c.action === 'AddClient'), 'the first write to reach WHMCS')
  const body = newClientBody('ida.app')
  const refused = await create(app, body, 'app-queue-000002')
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'UPSTREAM_OVERLOADED' })
  t.equal((await busy).statusCode, 201)
  const retry = await create(app, body, 'app-queue-000002')
  t.equal(retry.statusCode, 201, 'the same key, once there is room')
  t.equal(retry.headers['idempotent-replayed'], undefined)
  t.equal(sandbox.calls.filter((c) => c.action === 'AddClient').length, 2)
})

t.test('stored answers expire after settings.idempotencyTtlMs', async (t) => {
  const clock = new ManualClock()
  const { app, sandbox } = await build(t, { settings: { idempotencyTtlMs: 200 }, stateStore: new MemoryStateStore({ now: clock.now }) })
  const body = newClientBody('ida.app')
  const first = await create(app, body, 'app-expiry-00001')
  t.equal(first.statusCode, 201)
  sameAnswer(t, await create(app, body, 'app-expiry-00001'), first)
  clock.advance(199)
  sameAnswer(t, await create(app, body, 'app-expiry-00001'), first)
  clock.advance(1)
  const later = await create(app, body, 'app-expiry-00001')
  t.equal(later.statusCode, 409, 'run again: WHMCS now refuses the duplicate email')
  t.equal(later.headers['idempotent-replayed'], undefined)
  t.equal(sandbox.calls.filter((c) => c.action === 'AddClient').length, 2)
})
