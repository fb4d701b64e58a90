import { Writable } from 'node:stream'
import t from 'tap'
import { KeyRing, rawKeys } from '../../src/auth/keys.js'
import { ManualClock } from '../support/fixtures.js'
import { build } from '../support/helper.js'

t.test('readiness shows the breaker, and answers 503 while it is open', async (t) => {
  const clock = new ManualClock()
  const { app } = await build(t, { clock: clock.now, whmcs: { url: 'http://127.0.0.1:9/' }, settings: { governor: { breakerFailureThreshold: 2, readRetries: 0 } } })
  const first = await app.inject('/readyz')
  t.equal(first.statusCode, 503)
  t.match(first.json(), { status: 'unavailable', whmcs: { ok: false, problem: 'UPSTREAM_UNAVAILABLE' }, governor: { breaker: 'closed' } })
  t.equal((await app.inject('/clients/1')).statusCode, 503, 'a second failure opens the breaker')
  clock.advance(1_001) // past the shared-result window
  const open = await app.inject('/readyz')
  t.equal(open.statusCode, 503)
  t.match(open.json(), { whmcs: { problem: 'UPSTREAM_CIRCUIT_OPEN' }, governor: { breaker: 'open' } })
})

t.test('concurrent and repeated readiness checks share one WHMCS call', async (t) => {
  const { app, sandbox } = await build(t)
  const answers = await Promise.all(Array.from({ length: 20 }, async () => await app.inject('/readyz')))
  t.ok(answers.every((a) => a.statusCode === 200))
  t.match(answers[0].json(), { status: 'ready', sharedState: { backend: 'memory', ok: true } })
  t.equal((await app.inject('/readyz')).statusCode, 200)
  t.equal(sandbox.calls.filter((c) => c.action === 'WhmcsDetails').length, 1, 'one call for 21 checks within a second')
})

t.test('every write leaves an audit line with key, route, action and outcome, never the body', async (t) => {
  const chunks: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done() } })
  const keys = new KeyRing(rawKeys(['audit-test-key-01']))
  const { app } = await build(t, { keys, logStream })
  const headers = { authorization: 'Bearer audit-test-key-01' }
  await app.inject({ url: '/clients/1', headers })
  await app.inject({ method: 'PATCH', url: '/clients/1', headers, payload: { notes: 'AUDIT-BODY-MARKER' } })
  await app.inject({ method: 'PATCH', url: '/clients/99999', headers, payload: { notes: 'x' } })
  const audits = chunks.join('').split('\n').filter((l) => l.includes('"audit"')).map((l) => JSON.parse(l) as { audit: Record<string, unknown> })
  t.equal(audits.length, 2, 'one line per write, none for the read')
  t.match(audits[0].audit, { keyId: 'env-1', route: 'PATCH /clients/:id', action: 'UpdateClient', status: 204, outcome: 'ok', ms: Number })
  t.match(audits[1].audit, { status: 404, outcome: 'failed' })
  t.notOk(chunks.join('').includes('AUDIT-BODY-MARKER'), 'no body in the log')
  t.notOk(chunks.join('').includes('audit-test-key-01'), 'no key in the log')
})
