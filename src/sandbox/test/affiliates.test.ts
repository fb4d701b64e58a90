import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

t.test('GetAffiliates answers every value as a string, nested affiliates.affiliate', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetAffiliates', { limitnum: '2' })
  t.match(body, { result: 'success', totalresults: '3', startnumber: '0', numreturned: '2' })
  t.same(pick(body, 'affiliates.affiliate.0'), {
    id: '1',
    date: '2019-04-02',
    clientid: '1',
    visitors: '145',
    paytype: 'percentage',
    payamount: '15.00',
    onetime: '1',
    balance: '15.00',
    withdrawn: '0.00',
    created_at: '0000-00-00 00:00:00',
    updated_at: '0000-00-00 00:00:00'
  })
  for (const [fields, ids] of [[{ balance: '42.5' }, ['3']], [{ visitors: '0' }, ['2']], [{ onetime: '1' }, ['1']], [{ paytype: 'FixedAmount' }, ['3']]] as const) {
    const page = await api(sb, 'GetAffiliates', fields)
    t.same((pick(page.body, 'affiliates.affiliate') as Array<Record<string, unknown>>).map(a => a.id), ids, JSON.stringify(fields))
  }
})

t.test('AffiliateActivate creates one record per client', async t => {
  const sb = await start(t, { now: () => new Date('2025-01-02T03:04:05Z') })
  t.same((await api(sb, 'AffiliateActivate', { userid: '99' })).body, { result: 'error', message: 'Client ID not found' })
  t.same((await api(sb, 'AffiliateActivate', { userid: '1' })).body, { result: 'success' })
  t.same((await api(sb, 'AffiliateActivate', { userid: '2' })).body, { result: 'success' })
  const { body } = await api(sb, 'GetAffiliates', { userid: '2' })
  t.match(pick(body, 'affiliates.affiliate.0'), { id: '4', date: '2025-01-02', clientid: '2', paytype: '', created_at: '2025-01-02 03:04:05' })
  t.equal((await api(sb, 'GetAffiliates')).body.totalresults, '4')
})
