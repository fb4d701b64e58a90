import t from 'tap'
import { sha256, KeyRing, type ApiKey } from '../../src/auth/keys.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>

const key = (id: string, scopes: string[]): ApiKey =>
  ({ id, name: id, hash: sha256(`${id}-key-0001`), scopes: new Set(scopes), allowed: null, ratePerMinute: null, revoked: false })
const bearer = (id: string): Record<string, string> => ({ authorization: `Bearer ${id}-key-0001` })

t.test('GET /system answers the WHMCS version', async (t) => {
  const { app, sandbox } = await build(t)
  const res = await app.inject('/system')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { version: /^\d+\.\d+\.\d+$/, canonicalVersion: /^\d+\.\d+\.\d+-release\.\d+$/ })
  t.equal(sandbox.calls.at(-1)?.action, 'WhmcsDetails')
})

t.test('GET /system/stats', async (t) => {
  const { app, sandbox } = await build(t, { sandbox: { now: () => new Date('2026-03-02T12:00:00Z') } })

  t.test('answers every figure, income as formatted, amount and currency', async (t) => {
    const res = await app.inject('/system/stats')
    t.equal(res.statusCode, 200)
    const stats = res.json<Json>()
    t.same(stats.incomeToday, { formatted: '$0.00 USD', amount: '0.00', currencyCode: 'USD' })
    t.match(stats.incomeAllTime, { amount: /^[1-9]\d*\.\d{2}$/, currencyCode: 'USD' }, 'the seeded payments')
    t.match(stats, { billableItemsUninvoiced: 0, staffOnline: 1 })
    // The figures agree with the lists they count.
    const total = async (url: string): Promise<unknown> => ((await app.inject(url)).json<Json>().meta as Json).total
    t.equal(stats.ordersPending, await total('/orders?status=Pending'))
    t.ok(Number(stats.ordersPending) > 0)
    t.equal(stats.ticketsAllActive, await total('/tickets?status=All%20Active%20Tickets&ignoreDepartmentAssignments=true'))
    t.equal(stats.ticketsAwaitingReply, await total('/tickets?status=Awaiting%20Reply&ignoreDepartmentAssignments=true'))
    t.equal(stats.ticketsFlaggedTickets, await total('/tickets?status=My%20Flagged%20Tickets&ignoreDepartmentAssignments=true'))
    t.equal(stats.timeline, undefined, 'no timeline unless asked')
    t.equal(sandbox.calls.at(-1)?.fields.timeline_days, undefined)
  })

  t.test('with timelineDays, the figures of each day, oldest first', async (t) => {
    const res = await app.inject('/system/stats?timelineDays=3')
    t.equal(res.statusCode, 200)
    t.equal(sandbox.calls.at(-1)?.fields.timeline_days, '3')
    t.same(res.json<Json>().timeline, ['2026-02-28', '2026-03-01', '2026-03-02'].map((date) =>
      ({ date, newOrders: 0, acceptedOrders: 0, income: '0.00', expenditure: '0.00', newTickets: 0 })))
  })

  t.test('reads the pre-formatted figures and the timeline object of a real install', async (t) => {
    // An answer shaped like WHMCS's documented example, with figures in other formats.
    const real = {
      result: 'success',
      income_today: '$5.95 USD',
      income_thismonth: '€1.234,50 EUR',
      income_thisyear: '£485.21',
      income_alltime: 'n/a',
      orders_pending: '7',
      staff_online: 1,
      timeline_data: { new_orders: { '2018-11-30': 8, '2018-11-29': 4 }, income: { '2018-11-30': '5.95', '2018-11-29': '10.17' } }
    }
    const { createServer } = await import('node:http')
    const server = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(real)) })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as { port: number }
    const fake = await build(t, { whmcs: { url: `http://127.0.0.1:${port}` } })
    const stats = (await fake.app.inject('/system/stats?timelineDays=2')).json<Json>()
    t.same(stats.incomeToday, { formatted: '$5.95 USD', amount: '5.95', currencyCode: 'USD' })
    t.same(stats.incomeThisMonth, { formatted: '€1.234,50 EUR', amount: '1234.50', currencyCode: 'EUR' })
    t.same(stats.incomeThisYear, { formatted: '£485.21', amount: '485.21', currencyCode: null })
    t.same(stats.incomeAllTime, { formatted: 'n/a', amount: null, currencyCode: null })
    t.match(stats, { ordersPending: 7, ordersTodayTotal: 0 })
    t.same(stats.timeline, [
      { date: '2018-11-29', newOrders: 4, acceptedOrders: 0, income: '10.17', expenditure: '0.00', newTickets: 0 },
      { date: '2018-11-30', newOrders: 8, acceptedOrders: 0, income: '5.95', expenditure: '0.00', newTickets: 0 }
    ])
  })

  t.test('refuses a timeline longer than WHMCS keeps', async (t) => {
    for (const q of ['timelineDays=0', 'timelineDays=91', 'days=3']) t.equal((await app.inject(`/system/stats?${q}`)).statusCode, 400, q)
  })
})

t.test('GET and PUT /system/configuration/{setting}', async (t) => {
  t.test('every setting is refused by default, without asking WHMCS', async (t) => {
    const { app, sandbox } = await build(t)
    const before = sandbox.calls.length
    for (const req of [{ method: 'GET' as const, url: '/system/configuration/SystemURL' }, { method: 'PUT' as const, url: '/system/configuration/SystemURL', payload: { value: 'https://evil.example/' } }]) {
      const res = await app.inject(req)
      t.equal(res.statusCode, 403, req.method)
      t.match(res.json(), { code: 'FORBIDDEN', detail: /SystemURL is not on .*allow-list.*CONFIG_SETTINGS_ALLOWED/ })
    }
    t.equal(sandbox.calls.length, before, 'WHMCS was not asked')
  })

  t.test('settings on the allow-list may be read and written, by their exact name', async (t) => {
    const { app, sandbox } = await build(t, { settings: { configSettingsAllowed: ['SystemURL', 'Language', 'NoSuchSetting'] } })
    const url = await app.inject('/system/configuration/SystemURL')
    t.equal(url.statusCode, 200)
    t.same(url.json(), { setting: 'SystemURL', value: 'https://billing.example.com/' })
    t.equal((await app.inject('/system/configuration/systemurl')).statusCode, 403, 'another spelling is not on the list')

    const set = await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: 'french' } })
    t.equal(set.statusCode, 200)
    t.same(set.json(), { setting: 'Language', value: 'french', changed: true })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'SetConfigurationValue', setting: 'Language', value: 'french' })
    t.same((await app.inject('/system/configuration/Language')).json(), { setting: 'Language', value: 'french' })
    t.match((await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: 'french' } })).json(), { changed: false })

    const cleared = await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: '' } })
    t.match(cleared.json(), { value: '', changed: true })
    t.equal(sandbox.calls.at(-1)?.fields.value, '', 'an empty value is sent, not left out')
  })

  t.test('a setting WHMCS does not have is a 404; bad names and bodies are 400', async (t) => {
    const { app, sandbox } = await build(t, { settings: { configSettingsAllowed: ['NoSuchSetting', 'Language'] } })
    const missing = await app.inject('/system/configuration/NoSuchSetting')
    t.equal(missing.statusCode, 404)
    t.match(missing.json(), { code: 'NOT_FOUND', detail: 'Invalid name for parameter setting' })
    const before = sandbox.calls.length
    t.equal((await app.inject('/system/configuration/Sys%20URL')).statusCode, 400)
    t.equal((await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: {} })).statusCode, 400)
    t.equal((await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: 'x', other: 1 } })).statusCode, 400)
    t.equal(sandbox.calls.length, before)
  })

  t.test('reading needs system:read and writing system:write', async (t) => {
    const keys = new KeyRing([key('reader', ['system:read']), key('writer', ['system:write'])])
    const { app } = await build(t, { keys, settings: { configSettingsAllowed: ['Language'] } })
    t.equal((await app.inject({ url: '/system/configuration/Language', headers: bearer('reader') })).statusCode, 200)
    const denied = await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: 'german' }, headers: bearer('reader') })
    t.equal(denied.statusCode, 403)
    t.match(denied.json(), { detail: /system:write/ })
    t.equal((await app.inject({ method: 'PUT', url: '/system/configuration/Language', payload: { value: 'german' }, headers: bearer('writer') })).statusCode, 200)
  })
})
