// The idempotency plugin end to end: a small app with the plugin, the problems plugin and test
// routes whose handlers call a real WHMCS sandbox through a WhmcsClient.
import { Readable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { Type } from 'typebox'
import { fastifyOptions } from '../../src/app.js'
import type { GovernorConfig } from '../../src/config.js'
import { MemoryIdempotencyStore } from '../../src/idempotency/memory.js'
import type { ClaimResult, IdempotencyRecord, IdempotencyScope, IdempotencyStore } from '../../src/idempotency/store.js'
import idempotency, { canonicalJson, type IdempotencyOptions } from '../../src/plugins/idempotency.js'
import problems from '../../src/problems/plugin.js'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { WhmcsClient } from '../../src/whmcs/client.js'
import { toId } from '../../src/whmcs/normalize.js'
import { closedPort, ManualClock, sameAnswer, until } from '../support/fixtures.js'

interface Setup {
  app: FastifyInstance
  sandbox: Sandbox
  /** The client the handlers use; tests may swap it. */
  whmcs: { client: WhmcsClient }
  clientFor: (url: string) => WhmcsClient
  /** AddClient calls the sandbox has received. */
  writes: () => number
}

const Body = Type.Object({
  firstName: Type.String({ minLength: 1 }),
  lastName: Type.String({ minLength: 1 }),
  email: Type.String({ minLength: 3 })
}, { additionalProperties: false })

let emails = 0
const person = () => ({ firstName: 'Ida', lastName: 'Empotent', email: `ida.${++emails}@example.com` })

/** A port nothing listens on. */

interface UpstreamOptions {
  timeoutMs?: number
  governor?: GovernorConfig
}

async function setup (t: Test, opts: IdempotencyOptions = {}, upstream: UpstreamOptions = {}): Promise<Setup> {
  const sandbox = await startSandbox()
  const clients: WhmcsClient[] = []
  const clientFor = (url: string): WhmcsClient => {
    const c = new WhmcsClient({ url, identifier: sandbox.identifier, secret: sandbox.secret, responseType: 'json', timeoutMs: upstream.timeoutMs ?? 2_000, connections: 64, governor: upstream.governor })
    clients.push(c)
    return c
  }
  const whmcs = { client: clientFor(sandbox.url) }
  const app = Fastify({ ...fastifyOptions, logger: false })
  await app.register(problems)
  // Stands in for authentication, which sets request.apiKeyId before any preHandler.
  app.decorateRequest('apiKeyId', null)
  app.addHook('onRequest', async (request) => {
    const owner = request.headers['x-test-owner'];
    (request as { apiKeyId?: string | null }).apiKeyId = typeof owner === 'string' ? owner : null
  })
  await app.register(idempotency, opts)

  const create = async (body: { firstName: string, lastName: string, email: string }) => {
    const raw = await whmcs.client.call('AddClient', { firstname: body.firstName, lastname: body.lastName, email: body.email, skipvalidation: true })
    return toId(raw.clientid, 'clientid')
  }
  app.post('/things', { schema: { body: Body }, config: { idempotency: 'optional' } }, async (request, reply) => {
    const id = await create(request.body as { firstName: string, lastName: string, email: string })
    return reply.code(201).header('location', `/things/${id}`).send({ id, at: process.hrtime.bigint().toString() })
  })
  app.post('/payments', { schema: { body: Body }, config: { idempotency: 'required' } }, async (request, reply) => {
    const id = await create(request.body as { firstName: string, lastName: string, email: string })
    return reply.code(201).header('location', `/payments/${id}`).send({ id })
  })
  // As a declared route requires the key: in its header schema too, which is validated first.
  const KeyHeader = Type.Object({ 'idempotency-key': Type.String({ minLength: 8 }) })
  app.post('/declared-payments', { schema: { body: Body, headers: KeyHeader }, config: { idempotency: 'required' } }, async (request, reply) => {
    return reply.code(201).send({ id: await create(request.body as { firstName: string, lastName: string, email: string }) })
  })
  app.post('/things/:id/close', { config: { idempotency: 'optional' } }, async (request, reply) => {
    await whmcs.client.call('CloseClient', { clientid: Number((request.params as { id: string }).id) })
    return reply.code(204).send()
  })
  app.post('/broken', { config: { idempotency: 'optional' } }, async () => {
    await whmcs.client.call('CloseClient', { clientid: 1 })
    throw new Error('a bug after the write')
  })
  app.post('/stream', { config: { idempotency: 'optional' } }, async (_request, reply) => {
    await whmcs.client.call('CloseClient', { clientid: 1 })
    return reply.type('text/plain').send(Readable.from(['streamed']))
  })
  app.post('/plain', { schema: { body: Body } }, async (request, reply) => reply.code(201).send({ id: await create(request.body as { firstName: string, lastName: string, email: string }) }))
  await app.ready()

  t.teardown(async () => {
    await app.close()
    for (const c of clients) await c.close()
    await sandbox.close()
  })
  return {
    app,
    sandbox,
    whmcs,
    clientFor,
    writes: () => sandbox.calls.filter((c) => c.action === 'AddClient').length
  }
}

const post = (app: FastifyInstance, url: string, payload: unknown, key?: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: key === undefined ? headers : { 'idempotency-key': key, ...headers } })

t.test('a repeat with the same key and body replays the first answer without calling WHMCS', async (t) => {
  const { app, writes } = await setup(t)
  const body = person()
  const first = await post(app, '/things', body, 'key-replay-0001')
  t.equal(first.statusCode, 201)
  t.match(first.headers.location, /^\/things\/\d+$/)
  t.equal(first.headers['idempotent-replayed'], undefined, 'the first answer is not a replay')
  for (let i = 0; i < 3; i++) sameAnswer(t, await post(app, '/things', body, 'key-replay-0001'), first)
  // The same JSON with its keys in another order is the same request.
  const reordered = { email: body.email, lastName: body.lastName, firstName: body.firstName }
  sameAnswer(t, await post(app, '/things', reordered, 'key-replay-0001'), first)
  t.equal(writes(), 1, 'one AddClient upstream')
})

t.test('a different request with the same key is 422 IDEMPOTENCY_KEY_REUSED', async (t) => {
  const { app, writes } = await setup(t)
  const body = person()
  t.equal((await post(app, '/things', body, 'key-reuse-0001')).statusCode, 201)
  const other = await post(app, '/things', { ...body, lastName: 'Else' }, 'key-reuse-0001')
  t.equal(other.statusCode, 422)
  t.match(other.json(), { code: 'IDEMPOTENCY_KEY_REUSED', status: 422 })
  t.equal(other.headers['content-type'], 'application/problem+json; charset=utf-8')
  const route = await post(app, '/payments', body, 'key-reuse-0001')
  t.equal(route.statusCode, 422, 'another route with the same body')
  const path = await app.inject({ method: 'POST', url: '/things/2/close', headers: { 'idempotency-key': 'key-reuse-0001' } })
  t.equal(path.statusCode, 422, 'another path')
  t.equal(writes(), 1)
})

t.test('the concrete path is part of the request: one key on two ids is a reuse', async (t) => {
  const { app, sandbox } = await setup(t)
  const a = await app.inject({ method: 'POST', url: '/things/2/close', headers: { 'idempotency-key': 'key-path-00001' } })
  t.equal(a.statusCode, 204)
  const b = await app.inject({ method: 'POST', url: '/things/3/close', headers: { 'idempotency-key': 'key-path-00001' } })
  t.match(b.json(), { code: 'IDEMPOTENCY_KEY_REUSED' })
  const c = await app.inject({ method: 'POST', url: '/things/2/close/', headers: { 'idempotency-key': 'key-path-00001' } })
  t.equal(c.statusCode, 204, 'a trailing slash is the same path')
  t.equal(c.headers['idempotent-replayed'], 'true')
  t.equal(sandbox.calls.filter((x) => x.action === 'CloseClient').length, 1)
})

t.test('an empty 204 answer is replayed empty', async (t) => {
  const { app, sandbox } = await setup(t)
  const first = await app.inject({ method: 'POST', url: '/things/4/close', headers: { 'idempotency-key': 'key-close-0001' } })
  t.equal(first.statusCode, 204)
  const again = await app.inject({ method: 'POST', url: '/things/4/close', headers: { 'idempotency-key': 'key-close-0001' } })
  t.equal(again.statusCode, 204)
  t.equal(again.body, '')
  t.equal(again.headers['content-type'], undefined)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(sandbox.calls.filter((c) => c.action === 'CloseClient').length, 1)
})

t.test('without a key an optional route runs every time', async (t) => {
  const { app, writes } = await setup(t)
  const body = person()
  t.equal((await post(app, '/things', body)).statusCode, 201)
  const second = await post(app, '/things', body)
  t.equal(second.statusCode, 409, 'WHMCS refused the duplicate email: the request did run again')
  t.equal(second.headers['idempotent-replayed'], undefined)
  t.equal(writes(), 2)
})

t.test('a required route without a key is 400 IDEMPOTENCY_KEY_REQUIRED and does not call WHMCS', async (t) => {
  const { app, writes } = await setup(t)
  const res = await post(app, '/payments', person())
  t.equal(res.statusCode, 400)
  t.match(res.json(), { code: 'IDEMPOTENCY_KEY_REQUIRED', detail: /Idempotency-Key/ })
  t.equal(writes(), 0)
  const keyed = await post(app, '/payments', person(), 'key-required-01')
  t.equal(keyed.statusCode, 201)
  t.equal(writes(), 1)
})

t.test('a route whose header schema requires the key answers 400 IDEMPOTENCY_KEY_REQUIRED too', async (t) => {
  const { app, writes } = await setup(t)
  const res = await post(app, '/declared-payments', person())
  t.equal(res.statusCode, 400)
  t.match(res.json(), { code: 'IDEMPOTENCY_KEY_REQUIRED', detail: /^POST \/declared-payments must carry an Idempotency-Key/ })
  t.equal(writes(), 0)
  t.equal((await post(app, '/declared-payments', person(), 'key-required-02')).statusCode, 201)
})

t.test('a key of the wrong form is 400 INVALID_REQUEST', async (t) => {
  const { app, writes } = await setup(t)
  for (const key of ['', 'short', '1234567', 'x'.repeat(256), 'clé-non-ascii', 'tab\tin-the-key', 'has spaces in it']) {
    const res = await post(app, '/things', person(), key)
    t.equal(res.statusCode, 400, JSON.stringify(key))
    t.match(res.json(), { code: 'INVALID_REQUEST', errors: [{ location: 'headers/idempotency-key', message: /8 to 255 printable ASCII characters without spaces/ }] })
  }
  t.equal(writes(), 0)
  for (const key of ['12345678', 'x'.repeat(255), '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', '7f8e3c2a-5b1d-4e9f-a6c0-2d8b7e1f4a93']) {
    t.equal((await post(app, '/things', person(), key)).statusCode, 201, `${key.length} characters are fine`)
  }
})

t.test('routes without idempotency config ignore the header entirely', async (t) => {
  const { app, writes } = await setup(t)
  const body = person()
  t.equal((await post(app, '/plain', body, 'bad')).statusCode, 201, 'not even its form is checked')
  t.equal((await post(app, '/plain', person(), 'key-plain-0001')).statusCode, 201)
  const again = await post(app, '/plain', person(), 'key-plain-0001')
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], undefined)
  t.equal(writes(), 3)
})

t.test('a request that fails validation does not claim the key', async (t) => {
  const { app, writes } = await setup(t)
  const bad = await post(app, '/things', { firstName: 'A' }, 'key-invalid-001')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { code: 'INVALID_REQUEST' })
  const good = await post(app, '/things', person(), 'key-invalid-001')
  t.equal(good.statusCode, 201, 'the key is still free for a different, valid body')
  t.equal(writes(), 1)
})

t.test('a repeat while the first is in flight is 409 IDEMPOTENCY_IN_PROGRESS with Retry-After', async (t) => {
  const { app, sandbox, writes } = await setup(t)
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 1_000 })
  const body = person()
  const first = post(app, '/things', body, 'key-flight-0001')
  await until(() => sandbox.calls.some((c) => c.action === 'AddClient'), 'the first write to reach WHMCS')
  const during = await post(app, '/things', body, 'key-flight-0001')
  t.equal(during.statusCode, 409)
  t.equal(during.headers['retry-after'], '1')
  t.match(during.json(), { code: 'IDEMPOTENCY_IN_PROGRESS' })
  const differs = await post(app, '/things', person(), 'key-flight-0001')
  t.match(differs.json(), { code: 'IDEMPOTENCY_KEY_REUSED' }, 'a different request with a held key is a reuse, not a wait')
  const done = await first
  t.equal(done.statusCode, 201)
  sameAnswer(t, await post(app, '/things', body, 'key-flight-0001'), done)
  t.equal(writes(), 1)
})

t.test('50 concurrent identical requests with one key make exactly one upstream write', async (t) => {
  const { app, sandbox, writes } = await setup(t)
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 100 })
  const body = person()
  const answers = await Promise.all(Array.from({ length: 50 }, async () => await post(app, '/things', body, 'key-herd-000001')))
  t.equal(writes(), 1, 'one AddClient')
  const created = answers.filter((a) => a.statusCode === 201)
  const busy = answers.filter((a) => a.statusCode === 409)
  t.equal(created.length + busy.length, 50, 'every answer is the result or 409')
  t.ok(created.length >= 1)
  t.equal(created.filter((a) => a.headers['idempotent-replayed'] === undefined).length, 1, 'one original answer')
  for (const a of created) t.equal(a.body, created[0].body)
  for (const a of busy) t.match(a.json(), { code: 'IDEMPOTENCY_IN_PROGRESS' })
  const after = await post(app, '/things', body, 'key-herd-000001')
  t.equal(after.body, created[0].body)
  t.equal(writes(), 1)
})

t.test('a write that timed out is replayed as the same 504, never sent again', async (t) => {
  // undici's header timer ticks at about half a second, so the answer comes much later than that.
  const { app, sandbox, writes } = await setup(t, {}, { timeoutMs: 200 })
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 4_000 })
  const body = person()
  const first = await post(app, '/things', body, 'key-timeout-001')
  t.equal(first.statusCode, 504)
  t.match(first.json(), { code: 'UPSTREAM_TIMEOUT' })
  sandbox.quirks.clear()
  const again = await post(app, '/things', body, 'key-timeout-001')
  sameAnswer(t, again, first)
  t.equal(writes(), 1, 'WHMCS got the payment once, even though it may have acted on it')
})

t.test('a failure that never reached WHMCS releases the key for a retry', async (t) => {
  const s = await setup(t)
  const port = await closedPort()
  const working = s.whmcs.client
  s.whmcs.client = s.clientFor(`http://127.0.0.1:${port}`)
  const body = person()
  const refused = await post(s.app, '/things', body, 'key-refused-001')
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'UPSTREAM_UNAVAILABLE' })
  const again = await post(s.app, '/things', body, 'key-refused-001')
  t.equal(again.statusCode, 503)
  t.equal(again.headers['idempotent-replayed'], undefined, 'tried again, not replayed')
  t.equal(s.writes(), 0)

  s.whmcs.client = working
  const retry = await post(s.app, '/things', body, 'key-refused-001')
  t.equal(retry.statusCode, 201, 'the same key works once WHMCS is back')
  t.equal(retry.headers['idempotent-replayed'], undefined)
  sameAnswer(t, await post(s.app, '/things', body, 'key-refused-001'), retry)
  t.equal(s.writes(), 1)
})

t.test('a call refused by a full upstream queue releases the key', async (t) => {
  const governor = { maxConcurrency: 1, queueLimit: 0, readRetries: 0, breakerFailureThreshold: 100, breakerCooldownMs: 10_000, cacheTtlMs: 0 }
  const { app, sandbox, writes } = await setup(t, {}, { governor })
  sandbox.quirks.set('AddClient', { kind: 'slow', delayMs: 1_000, times: 1 })
  const busyBody = person()
  const busy = post(app, '/things', busyBody, 'key-queue-00001')
  await until(() => sandbox.calls.some((c) => c.action === 'AddClient'), 'the first write to reach WHMCS')
  const body = person()
  const refused = await post(app, '/things', body, 'key-queue-00002')
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { code: 'UPSTREAM_OVERLOADED' })
  t.equal((await busy).statusCode, 201)
  const retry = await post(app, '/things', body, 'key-queue-00002')
  t.equal(retry.statusCode, 201, 'the same key goes through once there is room')
  t.equal(retry.headers['idempotent-replayed'], undefined)
  t.equal(writes(), 2)
})

t.test('an answer WHMCS refused is stored like any other', async (t) => {
  const { app, sandbox, writes } = await setup(t)
  const body = person()
  t.equal((await post(app, '/things', body, 'key-refusal-001')).statusCode, 201)
  const dup = await post(app, '/things', body, 'key-refusal-002')
  t.equal(dup.statusCode, 409, 'duplicate email')
  sandbox.reset() // the email is free again; the stored answer still wins
  sameAnswer(t, await post(app, '/things', body, 'key-refusal-002'), dup)
  t.equal(writes(), 0, 'nothing sent after the reset')
})

t.test('a failure of our own after the write is stored too', async (t) => {
  const { app, sandbox } = await setup(t)
  const first = await app.inject({ method: 'POST', url: '/broken', headers: { 'idempotency-key': 'key-broken-001' } })
  t.equal(first.statusCode, 500)
  t.match(first.json(), { code: 'INTERNAL_ERROR' })
  sameAnswer(t, await app.inject({ method: 'POST', url: '/broken', headers: { 'idempotency-key': 'key-broken-001' } }), first)
  t.equal(sandbox.calls.filter((c) => c.action === 'CloseClient').length, 1)
})

t.test('a streamed answer cannot be stored: the key is released', async (t) => {
  const { app, sandbox } = await setup(t)
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ method: 'POST', url: '/stream', headers: { 'idempotency-key': 'key-stream-0001' } })
    t.equal(res.body, 'streamed')
    t.equal(res.headers['idempotent-replayed'], undefined)
  }
  t.equal(sandbox.calls.filter((c) => c.action === 'CloseClient').length, 2)
})

t.test('keys are scoped per owner', async (t) => {
  const { app, writes } = await setup(t)
  const a = await post(app, '/things', person(), 'key-shared-0001', { 'x-test-owner': 'key-a' })
  const b = await post(app, '/things', person(), 'key-shared-0001', { 'x-test-owner': 'key-b' })
  const anon = await post(app, '/things', person(), 'key-shared-0001')
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201, 'another owner\'s key is not a reuse')
  t.equal(anon.statusCode, 201, 'nor is the anonymous caller\'s')
  t.not(a.headers.location, b.headers.location)
  t.equal(writes(), 3)
  const reused = await post(app, '/things', person(), 'key-shared-0001', { 'x-test-owner': 'key-a' })
  t.match(reused.json(), { code: 'IDEMPOTENCY_KEY_REUSED' }, 'within one owner the key is still taken')
  t.equal(writes(), 3)
})

t.test('each owner replays its own answer', async (t) => {
  const { app, writes } = await setup(t)
  const bodyA = person()
  const bodyB = person()
  const a = await post(app, '/things', bodyA, 'key-own-000001', { 'x-test-owner': 'key-a' })
  const b = await post(app, '/things', bodyB, 'key-own-000001', { 'x-test-owner': 'key-b' })
  sameAnswer(t, await post(app, '/things', bodyA, 'key-own-000001', { 'x-test-owner': 'key-a' }), a)
  sameAnswer(t, await post(app, '/things', bodyB, 'key-own-000001', { 'x-test-owner': 'key-b' }), b)
  t.equal(writes(), 2)
})

t.test('stored answers expire after ttlMs', async (t) => {
  const clock = new ManualClock()
  const { app, writes } = await setup(t, { ttlMs: 150, store: new MemoryIdempotencyStore({ now: clock.now }) })
  const body = person()
  const first = await post(app, '/things', body, 'key-expiry-001')
  sameAnswer(t, await post(app, '/things', body, 'key-expiry-001'), first)
  clock.advance(149)
  sameAnswer(t, await post(app, '/things', body, 'key-expiry-001'), first)
  clock.advance(1)
  const later = await post(app, '/things', body, 'key-expiry-001')
  t.equal(later.statusCode, 409, 'run again: WHMCS now refuses the duplicate email')
  t.equal(later.headers['idempotent-replayed'], undefined)
  t.equal(writes(), 2)
})

t.test('a claim left behind by a crashed request lapses after inFlightTtlMs', async (t) => {
  const clock = new ManualClock()
  const { app, writes } = await setup(t, { inFlightTtlMs: 100, store: new MemoryIdempotencyStore({ now: clock.now }) })
  // What a request that died between claim and answer leaves behind: a claim, nothing else.
  t.same(await app.idempotencyStore.claim({ owner: 'anonymous', key: 'key-crash-0001' }, 'a-dead-request', 100), { kind: 'claimed' })
  const during = await post(app, '/things', person(), 'key-crash-0001')
  t.match(during.json(), { code: 'IDEMPOTENCY_KEY_REUSED' }, 'held by a different request')
  clock.advance(100)
  const after = await post(app, '/things', person(), 'key-crash-0001')
  t.equal(after.statusCode, 201, 'free again')
  t.equal(writes(), 1)
})

t.test('the store is closed with the server and can be supplied', async (t) => {
  const calls: string[] = []
  const inner = new MemoryIdempotencyStore()
  const store: IdempotencyStore = {
    claim: async (scope: IdempotencyScope, fp: string, ttl: number): Promise<ClaimResult> => { calls.push(`claim ${ttl}`); return await inner.claim(scope, fp, ttl) },
    complete: async (scope: IdempotencyScope, record: IdempotencyRecord, ttl: number) => { calls.push(`complete ${record.status} ${ttl}`); await inner.complete(scope, record, ttl) },
    release: async (scope: IdempotencyScope) => { calls.push('release'); await inner.release(scope) },
    close: async () => { calls.push('close'); await inner.close() }
  }
  const { app } = await setup(t, { store, ttlMs: 60_000, inFlightTtlMs: 5_000 })
  t.equal(app.idempotencyStore, store)
  await post(app, '/things', person(), 'key-custom-001')
  await app.close()
  t.same(calls, ['claim 5000', 'complete 201 60000', 'close'])
})

t.test('when the store fails to complete, the answer still goes out', async (t) => {
  const inner = new MemoryIdempotencyStore()
  t.teardown(() => inner.close())
  const store: IdempotencyStore = {
    claim: async (scope, fp, ttl) => await inner.claim(scope, fp, ttl),
    complete: async () => { throw new Error('store down') },
    release: async (scope) => { await inner.release(scope) },
    close: async () => {}
  }
  const { app } = await setup(t, { store })
  const body = person()
  const first = await post(app, '/things', body, 'key-storefail-1')
  t.equal(first.statusCode, 201)
  const again = await post(app, '/things', body, 'key-storefail-1')
  t.equal(again.statusCode, 409, 'the key stays held until its claim lapses: never a second write')
})

t.test('canonicalJson sorts keys at every level and keeps array order', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}')
  t.equal(canonicalJson({ a: undefined, b: 'x' }), '{"b":"x"}')
  t.equal(canonicalJson([undefined]), '[null]')
  t.equal(canonicalJson(null), 'null')
  t.equal(canonicalJson(undefined), 'null')
  t.equal(canonicalJson('é"'), '"é\\""')
})
