import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { KeyRing, rawKeys, readKeysFile, sha256 } from '../../src/auth/keys.js'
import { build } from '../support/helper.js'

const hex = (key: string): string => sha256(key).toString('hex')
const path = join(mkdtempSync(join(tmpdir(), 'auth-')), 'keys.yaml')
writeFileSync(path, `keys:
  - { id: reader, name: Reader, hash: ${hex('reader-key-0001')}, scopes: ["clients:read"] }
  - { id: writer, name: Writer, hash: ${hex('writer-key-0001')}, scopes: ["clients:read", "clients:write"] }
  - { id: revoked, name: Revoked, hash: ${hex('revoked-key-001')}, scopes: ["*"], revoked: true }
  - { id: elsewhere, name: Elsewhere, hash: ${hex('elsewhere-key-1')}, scopes: ["*"], cidrs: ["203.0.113.0/24"] }
  - { id: ops, name: Ops, hash: ${hex('metrics-key-001')}, scopes: ["metrics:read"] }
  - { id: slow, name: Slow, hash: ${hex('limited-key-001')}, scopes: ["*"], ratePerMinute: 3 }
`)
const keys = new KeyRing([...readKeysFile(path), ...rawKeys(['full-access-key'])])
const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

t.test('callers need a valid key', async (t) => {
  const { app, sandbox } = await build(t, { keys })
  const before = sandbox.calls.length

  const none = await app.inject('/clients')
  t.equal(none.statusCode, 401)
  t.match(none.headers['content-type'], /problem\+json/)
  t.match(none.json(), { code: 'UNAUTHORIZED' })
  t.match(none.headers['www-authenticate'], /^Bearer/)

  for (const header of ['Bearer not-a-key', 'Basic cmVhZGVyOmtleQ==', 'Bearer', 'Bearer revoked-key-001']) {
    const res = await app.inject({ url: '/clients', headers: { authorization: header } })
    t.equal(res.statusCode, 401, header)
  }
  t.equal(sandbox.calls.length, before, 'nothing reached WHMCS')
})

t.test('a key may do what its scopes allow, from where it is allowed', async (t) => {
  const { app, sandbox } = await build(t, { keys })
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })).statusCode, 200)
  const denied = await app.inject({ method: 'POST', url: '/clients/1/close', headers: bearer('reader-key-0001') })
  t.equal(denied.statusCode, 403)
  t.match(denied.json(), { code: 'FORBIDDEN', detail: /clients:write/ })
  const before = sandbox.calls.length
  t.equal((await app.inject({ method: 'POST', url: '/clients/1/close', headers: bearer('writer-key-0001') })).statusCode, 204)
  t.equal(sandbox.calls.length, before + 1)
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('full-access-key') })).statusCode, 200)

  const away = await app.inject({ url: '/clients/1', headers: bearer('elsewhere-key-1') })
  t.equal(away.statusCode, 403, 'a key bound to another network is refused')
  t.match(away.json(), { detail: /address/ })
})

t.test('health, readiness, docs and the document need no key', async (t) => {
  const { app } = await build(t, { keys })
  for (const url of ['/healthz', '/readyz', '/openapi.json', '/openapi.yaml', '/docs/', '/docs/static/swagger-ui.css']) {
    t.equal((await app.inject(url)).statusCode, 200, url)
  }
  t.equal((await app.inject('/nowhere')).statusCode, 401, 'unknown URLs need a key too')
  t.equal((await app.inject({ url: '/nowhere', headers: bearer('reader-key-0001') })).statusCode, 404)
})

t.test('metrics need the metrics:read scope', async (t) => {
  const { app } = await build(t, { keys })
  t.equal((await app.inject('/metrics')).statusCode, 401)
  t.equal((await app.inject({ url: '/metrics', headers: bearer('reader-key-0001') })).statusCode, 403)
  await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })
  const res = await app.inject({ url: '/metrics', headers: bearer('metrics-key-001') })
  t.equal(res.statusCode, 200)
  t.match(res.body, /http_request_duration_seconds_bucket\{[^}]*route="\/clients\/:id"[^}]*status="200"/)
  t.match(res.body, /whmcs_call_duration_seconds_count\{action="GetClientsDetails",outcome="success"\} \d+/)
  t.match(res.body, /whmcs_breaker_state 0/)
})

t.test('each key has its own request budget', async (t) => {
  const { app } = await build(t, { keys })
  for (let i = 0; i < 3; i++) {
    const ok = await app.inject({ url: '/clients/1', headers: bearer('limited-key-001') })
    t.equal(ok.statusCode, 200)
    t.equal(ok.headers['ratelimit-limit'], '3')
  }
  const limited = await app.inject({ url: '/clients/1', headers: bearer('limited-key-001') })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /problem\+json/)
  t.match(limited.json(), { code: 'RATE_LIMITED', status: 429 })
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After is set')
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })).statusCode, 200, 'other keys are unaffected')
  t.equal((await app.inject('/healthz')).statusCode, 200, 'health is exempt')
})

t.test('the default budget applies to keys without their own', async (t) => {
  const { app } = await build(t, { keys, settings: { rateLimitPerMinute: 2 } })
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })).statusCode, 200)
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })).statusCode, 200)
  t.equal((await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })).statusCode, 429)
})

t.test('refused requests are counted against their address, and limited too', async (t) => {
  const { app, sandbox } = await build(t, { keys, settings: { rateLimitPerMinute: 3 } })
  const refusals: Array<[Record<string, string>, number]> = [[{}, 401], [bearer('not-a-valid-key'), 401], [bearer('elsewhere-key-1'), 403]]
  for (const [headers, status] of refusals) {
    const res = await app.inject({ url: '/clients/1', headers })
    t.equal(res.statusCode, status)
    t.equal(res.headers['ratelimit-limit'], '3', `a ${status} carries the RateLimit headers`)
    t.ok(res.headers['ratelimit-remaining'] !== undefined && res.headers['ratelimit-reset'] !== undefined)
  }
  const flood = await app.inject({ url: '/clients/1', headers: bearer('another-bad-key') })
  t.equal(flood.statusCode, 429, 'past the address\'s budget, guessing keys is refused outright')
  t.ok(Number(flood.headers['retry-after']) > 0)
  const before = sandbox.calls.length
  const owner = await app.inject({ url: '/clients/1', headers: bearer('elsewhere-key-1') })
  t.equal(owner.statusCode, 429, 'the address is limited whatever the key')
  const fromHere = await app.inject({ url: '/clients/1', headers: bearer('reader-key-0001') })
  t.equal(fromHere.statusCode, 200, 'a valid key keeps its own budget')
  t.equal(fromHere.headers['ratelimit-remaining'], '2', 'refusals did not spend it')
  t.equal(sandbox.calls.length, before + 1)
})

t.test('the document declares the bearer scheme and each operation\'s scope', async (t) => {
  const { app } = await build(t, { keys })
  const doc = (await app.inject('/openapi.json')).json<{
    components: { securitySchemes: Record<string, { type: string, scheme: string }> }
    paths: Record<string, Record<string, { security?: unknown[], description: string, responses: Record<string, unknown> }>>
  }>()
  t.match(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' })
  const create = doc.paths['/clients'].post
  t.same(create.security, [{ bearerAuth: ['clients:write'] }])
  t.match(create.description, /clients:write/)
  for (const status of ['401', '403', '429']) t.ok(create.responses[status], `declares ${status}`)
  t.same(doc.paths['/healthz'].get.security, [])
})
