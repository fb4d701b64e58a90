import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /activity-log', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('pages through the log, newest first, typed', async (t) => {
    const res = await app.inject('/activity-log?limit=2&offset=1')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.meta, { total: 5, offset: 1, limit: 2 })
    t.same(page.data[0], {
      id: 4, clientId: 5, userId: null, adminId: 1, date: '2024-07-01T09:15:40', description: 'Client Profile Modified - Company Name - User ID: 5', username: 'admin', ipAddress: '198.51.100.10'
    })
    t.match(res.headers.link, /rel="next".*rel="prev"/)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetActivityLog', limitstart: '1', limitnum: '2' })
  })

  t.test('filters, sending the date in the installation\'s format', async (t) => {
    const ids = async (q: string): Promise<unknown[]> => (await app.inject(`/activity-log?${q}`)).json<Page>().data.map((e) => e.id)
    t.same(await ids('date=2024-06-30'), [3, 2, 1])
    t.equal(sandbox.calls.at(-1)?.fields.date, '30/06/2024')
    t.same(await ids('clientId=21'), [3])
    t.equal(sandbox.calls.at(-1)?.fields.clientid, '21')
    t.same(await ids('user=admin&description=Login'), [5])
    t.same(await ids('ipAddress=192.0.2.77'), [3])
    t.equal(sandbox.calls.at(-1)?.fields.ipaddress, '192.0.2.77')
    t.equal((await app.inject('/activity-log?date=30%2F06%2F2024')).statusCode, 400, 'dates are ISO in the API')
  })

  t.test('another date format is honoured (WHMCS_DATE_FORMAT)', async (t) => {
    const other = await build(t, { settings: { whmcsDateFormat: 'MM/DD/YYYY' } })
    await other.app.inject('/activity-log?date=2024-06-30')
    t.equal(other.sandbox.calls.at(-1)?.fields.date, '06/30/2024')
  })

  t.test('a write through the API shows up in the log', async (t) => {
    t.equal((await app.inject({ method: 'POST', url: '/clients/7/close' })).statusCode, 204)
    const newest = (await app.inject('/activity-log?limit=1')).json<Page>().data[0]
    t.match(newest, { clientId: 7, description: /CloseClient/, username: 'admin', ipAddress: '127.0.0.1' })
  })
})
