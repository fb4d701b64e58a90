import t from 'tap'
import { api, call, pick, start } from './fixtures/helpers.js'

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

// ---------------------------------------------------------------- GetStats

t.test('GetStats answers every figure, money pre-formatted in the default currency', async t => {
  const sb = await start(t, { seed: false })
  const { body } = await api(sb, 'GetStats')
  t.match(body, { result: 'success', income_today: '$0.00 USD', income_alltime: '$0.00 USD', orders_pending: 0, tickets_allactive: 0, quotes_valid: 0, staff_online: 1 })
  t.equal(body.timeline_data, undefined, 'no timeline unless asked for')
})

/** '$1,234.56 USD' as integer cents. */
const cents = (text: unknown): number => Number(String(text).replace(/[^0-9]/g, ''))

t.test('GetStats counts what the other stores hold: payments, orders, tickets and quotes', async t => {
  const today = '2026-03-02'
  const sb = await start(t, { now: () => new Date(`${today}T12:00:00Z`) })
  const stats = async (): Promise<Record<string, unknown>> => (await api(sb, 'GetStats', { timeline_days: '1' })).body
  const before = await stats()
  t.ok(cents(before.income_alltime) > 0, 'the seeded payments count')
  t.equal(before.income_today, '$0.00 USD', 'none of them today')

  // A payment of 100.00 less 2.00 fees from a USD client, and 92.00 EUR (0.92 to the dollar).
  const usd = (await api(sb, 'AddClient', { firstname: 'U', lastname: 'S', email: 'u.s@example.net', skipvalidation: '1' })).body.clientid
  const eur = (await api(sb, 'AddClient', { firstname: 'E', lastname: 'U', email: 'e.u@example.net', currency: '2', skipvalidation: '1' })).body.clientid
  for (const [client, amount, fees] of [[usd, '100.00', '2.00'], [eur, '92.00', '0.00']] as const) {
    const invoice = (await api(sb, 'CreateInvoice', { userid: String(client), itemdescription1: 'Work', itemamount1: amount })).body.invoiceid
    t.same((await api(sb, 'AddInvoicePayment', { invoiceid: String(invoice), transid: `T-${String(client)}`, gateway: 'paypal', amount, fees })).body, { result: 'success' })
  }
  const ordered = await api(sb, 'AddOrder', { clientid: String(usd), paymentmethod: 'paypal', 'pid[0]': '1', 'billingcycle[0]': 'monthly' })
  t.equal(ordered.body.result, 'success')
  const opened = await api(sb, 'OpenTicket', { deptid: '1', subject: 'Help', message: 'Please', clientid: String(usd) })
  t.equal(opened.body.result, 'success')
  t.same((await api(sb, 'UpdateTicket', { ticketid: String(opened.body.id), flag: '1' })).body.result, 'success')
  const quote = await api(sb, 'CreateQuote', { subject: 'Offer', stage: 'Delivered', validuntil: '31/12/2026', userid: String(usd) })
  t.equal(quote.body.result, 'success')
  await api(sb, 'CreateQuote', { subject: 'Old offer', stage: 'Delivered', validuntil: '01/01/2026', userid: String(usd) })

  const after = await stats()
  t.equal(after.income_today, '$198.00 USD', '98.00 USD plus 92.00 EUR as 100.00 USD')
  t.equal(cents(after.income_alltime) - cents(before.income_alltime), 19800)
  t.equal(cents(after.income_thismonth) - cents(before.income_thismonth), 19800)
  for (const figure of ['orders_pending', 'orders_today_pending', 'orders_today_total', 'orders_thismonth_total', 'orders_thisyear_total', 'tickets_open', 'tickets_allactive', 'tickets_awaitingreply', 'tickets_flaggedtickets', 'quotes_valid']) {
    t.equal(Number(after[figure]) - Number(before[figure]), 1, `${figure} counts the new record`)
  }
  t.equal(after.orders_yesterday_total, before.orders_yesterday_total)
  const timeline = after.timeline_data as Record<string, Record<string, unknown>>
  t.same(timeline.new_orders, { [today]: 1 })
  t.same(timeline.new_tickets, { [today]: 1 })
  t.same(timeline.income, { [today]: '198.00' })

  t.same((await api(sb, 'AcceptOrder', { orderid: String(ordered.body.orderid) })).body.result, 'success')
  const accepted = await stats()
  t.equal(Number(accepted.orders_today_active) - Number(after.orders_today_active), 1)
  t.equal(Number(accepted.orders_pending), Number(after.orders_pending) - 1)
  t.same((accepted.timeline_data as Record<string, object>).accepted_orders, { [today]: 1 })
})

t.test('GetStats timeline_data is an object of metrics keyed by date, newest first, at most 90 days', async t => {
  const sb = await start(t, { now: () => new Date('2026-03-02T12:00:00Z') })
  const { body } = await api(sb, 'GetStats', { timeline_days: '3' })
  const timeline = body.timeline_data as Record<string, Record<string, unknown>>
  t.same(Object.keys(timeline).sort(), ['accepted_orders', 'expenditure', 'income', 'new_orders', 'new_tickets'])
  t.same(timeline.new_orders, { '2026-03-02': 0, '2026-03-01': 0, '2026-02-28': 0 })
  t.same(timeline.income, { '2026-03-02': '0.00', '2026-03-01': '0.00', '2026-02-28': '0.00' })
  const capped = await api(sb, 'GetStats', { timeline_days: '365' })
  t.equal(Object.keys((capped.body.timeline_data as Record<string, object>).new_tickets).length, 90)
})

// ---------------------------------------------------------------- settings

t.test('GetConfigurationValue reads a setting by name, in any case', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'GetConfigurationValue', { setting: 'systemurl' })).body, { result: 'success', setting: 'SystemURL', value: 'https://billing.example.com/' })
  t.match((await api(sb, 'GetConfigurationValue', { setting: 'DateFormat' })).body, { value: 'DD/MM/YYYY' })
})

t.test('GetConfigurationValue refuses a missing or unknown setting with WHMCS\'s messages', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'GetConfigurationValue')).body, { result: 'error', message: 'Parameter setting is required' })
  t.same((await api(sb, 'GetConfigurationValue', { setting: 'NoSuchSetting' })).body, { result: 'error', message: 'Invalid name for parameter setting' })
})

t.test('SetConfigurationValue changes a setting, says whether it changed, and an empty value clears it', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'SetConfigurationValue', { setting: 'Language', value: 'french' })).body, { result: 'success', value_changed: 'true' })
  t.match((await api(sb, 'GetConfigurationValue', { setting: 'Language' })).body, { value: 'french' })
  t.match((await api(sb, 'SetConfigurationValue', { setting: 'Language', value: 'french' })).body, { value_changed: 'false' })
  await api(sb, 'SetConfigurationValue', { setting: 'LogoURL', value: 'https://cdn.example.com/logo.png' })
  await api(sb, 'SetConfigurationValue', { setting: 'LogoURL', value: '' })
  t.match((await api(sb, 'GetConfigurationValue', { setting: 'LogoURL' })).body, { value: '' })
})

t.test('SetConfigurationValue needs a known setting and a value', async t => {
  const sb = await start(t)
  t.match((await api(sb, 'SetConfigurationValue', { value: 'x' })).body, { message: 'Parameter setting is required' })
  t.match((await api(sb, 'SetConfigurationValue', { setting: 'Nope', value: 'x' })).body, { message: 'Invalid name for parameter setting' })
  t.match((await api(sb, 'SetConfigurationValue', { setting: 'Language' })).body, { message: 'Parameter value is required' })
})

// ---------------------------------------------------------------- activity log

t.test('GetActivityLog pages through entries newest first, wrapped as activity.entry', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetActivityLog', { limitnum: '2', limitstart: '1' })
  t.match(body, { result: 'success', totalresults: 5, startnumber: 1 })
  const entries = pick(body, 'activity.entry') as Array<Record<string, unknown>>
  t.same(entries.map(e => e.id), [4, 3])
  t.match(entries[0], { clientId: 5, userid: 5, adminId: 1, date: '2024-07-01 09:15:40', username: 'admin', ipaddress: '198.51.100.10' })
})

t.test('GetActivityLog filters by client, date in the install\'s format, user, text and address', async t => {
  const sb = await start(t)
  const ids = async (fields: Record<string, string>): Promise<unknown[]> =>
    ((pick((await api(sb, 'GetActivityLog', fields)).body, 'activity.entry') ?? []) as Array<Record<string, unknown>>).map(e => e.id)
  t.same(await ids({ clientid: '21' }), [3])
  t.same(await ids({ userid: '5' }), [4], 'the legacy userid names the client too')
  t.same(await ids({ date: '30/06/2024' }), [3, 2, 1])
  t.same(await ids({ date: '2024-06-30' }), [], 'a date in another format matches nothing')
  t.same(await ids({ user: 'ADMIN' }), [5, 4])
  t.same(await ids({ description: 'cron job' }), [2, 1])
  t.same(await ids({ ipaddress: '192.0.2.77' }), [3])
})

t.test('every write that succeeds appends to the activity log; reads and failures do not', async t => {
  const sb = await start(t, { now: () => new Date('2026-03-02T12:00:00Z') })
  await api(sb, 'GetClients')
  await api(sb, 'UpdateClient', { clientid: '999', firstname: 'X' })
  t.match((await api(sb, 'GetActivityLog')).body, { totalresults: 5 }, 'nothing logged yet')
  await api(sb, 'CloseClient', { clientid: '7' })
  const { body } = await api(sb, 'GetActivityLog', { limitnum: '1' })
  t.match(pick(body, 'activity.entry.0'), { id: 6, clientId: 7, date: '2026-03-02 12:00:00', description: /CloseClient.*Client ID: 7/, username: 'admin', ipaddress: '127.0.0.1' })
})

// ---------------------------------------------------------------- SendEmail

t.test('SendEmail sends a template about a client, and a custom message with variables', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'SendEmail', { messagename: 'client signup email', id: '1' })).body, { result: 'success' })
  const vars = Buffer.from('a:1:{s:4:"code";s:6:"X-1234";}').toString('base64')
  t.same((await api(sb, 'SendEmail', { customtype: 'general', customsubject: 'Your code', custommessage: '<p>Code {$code}</p>', id: '2', customvars: vars })).body, { result: 'success' })
})

t.test('SendEmail finds the related record in the store its template\'s type names', async t => {
  const sb = await start(t)
  const kinds: Array<[Record<string, string>, string]> = [
    [{ messagename: 'Hosting Account Welcome Email' }, 'GetClientsProducts'],
    [{ messagename: 'Domain Registration Confirmation' }, 'GetClientsDomains'],
    [{ messagename: 'Invoice Created' }, 'GetInvoices'],
    [{ messagename: 'Support Ticket Opened' }, 'GetTickets'],
    [{ customtype: 'affiliate', customsubject: 'Your referrals', custommessage: 'm' }, 'GetAffiliates']
  ]
  for (const [fields, lister] of kinds) {
    const listed = (await api(sb, lister)).body
    t.ok(Number(listed.totalresults) > 0, `${lister} has records to write about`)
    t.same((await api(sb, 'SendEmail', { ...fields, id: '1' })).body, { result: 'success' }, `${JSON.stringify(fields)} about record 1`)
    t.same((await api(sb, 'SendEmail', { ...fields, id: '9999' })).body, { result: 'error', message: 'Sending Failed. Please see documentation.' }, `${JSON.stringify(fields)} about no record`)
  }
})

t.test('SendEmail refuses with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{ id: '1' }, 'You must provide either an existing email template name or a custom message type'],
    [{ messagename: 'No Such Template', id: '1' }, 'Email Template not found'],
    [{ messagename: 'Order Confirmation', id: '1' }, 'Email Template not found'],
    [{ messagename: 'Credit Card Expiring Soon', id: '1' }, 'Email Template is disabled'],
    [{ customtype: 'letter', customsubject: 's', custommessage: 'm', id: '1' }, 'Invalid message type provided'],
    [{ customtype: 'general', custommessage: 'm', id: '1' }, 'A subject is required for a custom message'],
    [{ customtype: 'general', customsubject: 's', id: '1' }, 'A message body is required for a custom message'],
    [{ messagename: 'Client Signup Email', customvars: 'not serialized' }, 'The custom variables you provided are invalid.'],
    [{ messagename: 'Client Signup Email' }, 'A related ID is required'],
    [{ messagename: 'Client Signup Email', id: '999' }, 'Sending Failed. Please see documentation.'],
    [{ messagename: 'Invoice Created', id: '9999' }, 'Sending Failed. Please see documentation.']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'SendEmail', fields)).body, { result: 'error', message }, message)
})

// ---------------------------------------------------------------- GetCurrencies

t.test('GetCurrencies lists USD, the default, and EUR and GBP with their rates', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetCurrencies')
  t.equal(body.totalresults, 3)
  const list = pick(body, 'currencies.currency') as Array<Record<string, unknown>>
  t.same(list[0], { id: 1, code: 'USD', prefix: '$', suffix: ' USD', format: '2', rate: '1.00000' })
  t.match(list[1], { code: 'EUR', prefix: '€', rate: '0.92000' })
})
