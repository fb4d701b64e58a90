import t from 'tap'
import { build } from '../helper.js'

t.test('readiness shows the breaker, and answers 503 while it is open', async (t) => {
  const { app } = await build(t, { whmcs: { url: 'http://127.0.0.1:9/' }, settings: { governor: { breakerFailureThreshold: 2, readRetries: 0 } } })
  const first = await app.inject('/readyz')
  t.equal(first.statusCode, 503)
  t.match(first.json(), { status: 'unavailable', whmcs: { ok: false, problem: 'UPSTREAM_UNAVAILABLE' }, governor: { breaker: 'closed' } })
  await app.inject('/readyz')
  const open = await app.inject('/readyz')
  t.match(open.json(), { whmcs: { problem: 'UPSTREAM_CIRCUIT_OPEN' }, governor: { breaker: 'open' } })
})
