import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, any>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /affiliates', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers typed affiliates from WHMCS\'s all-string answer', async (t) => {
    const res = await app.inject('/affiliates')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.meta, { total: 3, offset: 0, limit: 25 })
    t.same(page.data[0], {
      id: 1,
      clientId: 1,
      date: '2019-04-02',
      visitors: 145,
      payType: 'percentage',
      payAmount: '15.00',
      oneTime: true,
      balance: '15.00',
      withdrawn: '0.00',
      createdAt: null,
      updatedAt: null
    })
    t.match(page.data[1], { payType: null, payAmount: '0.00', createdAt: '2020-01-08T12:00:00' })
    t.match(page.data[2], { payType: 'fixedamount', balance: '42.50', withdrawn: '100.00' })
  })

  t.test('filters by client and kind of commission', async (t) => {
    const one = (await app.inject('/affiliates?clientId=10')).json<Page>()
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetAffiliates', userid: '10' })
    t.same(one.data.map((a) => a.id), [3])
    const fixed = (await app.inject('/affiliates?payType=percentage&limit=1&offset=0')).json<Page>()
    t.equal(sandbox.calls.at(-1)?.fields.paytype, 'percentage')
    t.same(fixed.data.map((a) => a.id), [1])
    t.equal((await app.inject('/affiliates?payType=commission')).statusCode, 400)
  })
})

t.test('POST /clients/{id}/affiliate', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('makes a client account an affiliate, once', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients/6/affiliate' })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'AffiliateActivate', userid: '6' })
    const page = (await app.inject('/affiliates?clientId=6')).json<Page>()
    t.match(page.data, [{ clientId: 6, visitors: 0, payType: null, balance: '0.00', withdrawn: '0.00' }])
    t.equal((await app.inject({ method: 'POST', url: '/clients/6/affiliate' })).statusCode, 204, 'again: nothing changes')
    t.equal((await app.inject('/affiliates?clientId=6')).json<Page>().meta.total, 1)
  })

  t.test('a client that does not exist is a 404 problem', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients/9999/affiliate' })
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Client ID not found' })
  })
})

t.test('XML answers read the same as JSON ones', async (t) => {
  const json = await build(t)
  const xml = await build(t, { whmcs: { responseType: 'xml' } })
  const [a, b] = await Promise.all([json.app.inject('/affiliates'), xml.app.inject('/affiliates')])
  t.equal(b.statusCode, 200)
  t.same(b.json(), a.json())
})
