import t from 'tap'
import { api, call, start } from './fixtures/helpers.js'

t.test('WhmcsDetails answers the simulated WHMCS version', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'WhmcsDetails')
  t.equal(status, 200)
  t.match(body, { result: 'success', whmcs: { version: /^\d+\.\d+\.\d+$/, canonicalversion: /-release\.\d+$/ } })
})

t.test('WhmcsDetails is answered in XML too', async t => {
  const sb = await start(t)
  const answer = await call(sb, 'WhmcsDetails')
  t.match(answer.text, /<whmcs><version>\d+\.\d+\.\d+<\/version>/)
})
