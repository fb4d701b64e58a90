import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

t.test('GetClientsDetails answers the client with WHMCS\'s shape and value types', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'GetClientsDetails', { clientid: '1' })
  t.equal(status, 200)
  t.equal(body.result, 'success')
  t.match(body.client, {
    client_id: 1,
    owner_user_id: 1,
    userid: 1,
    id: 1,
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    firstname: 'Zoë',
    fullname: 'Zoë Whitfield',
    countrycode: 'GB',
    countryname: 'United Kingdom',
    phonecc: '44',
    phonenumberformatted: '+44.1174960123',
    email_preferences: { general: '1', invoice: '1', support: '1', product: '1', domain: '1', affiliate: '1' },
    currency: 3,
    currency_code: 'GBP',
    credit: '25.00',
    groupid: 0,
    status: 'Active',
    taxexempt: false,
    marketing_emails_opt_in: true,
    allowSingleSignOn: 1,
    email_verified: true,
    defaultgateway: 'paypal',
    lastlogin: 'Date: 14/02/2024 09:12<br>IP Address: 198.51.100.23<br>Host: host-198-51-100-23.example.net',
    customfields: [{ id: 1, value: 'Search engine' }, { id: 2, value: 'ZW-0001' }],
    customfields1: 'Search engine',
    users: { user: [{ id: 1, name: 'Zoë Whitfield', email: 'zoe.whitfield@example.co.uk', is_owner: true }] }
  })
  t.equal(body.stats, undefined, 'no stats unless asked')
})

t.test('GetClientsDetails repeats the client fields at the top level, as WHMCS still does', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '4' })
  t.equal(body.id, 4)
  t.equal(body.lastname, "O'Brien")
  t.equal(body.email, 'patrick@obrien-plumbing.example')
  t.equal(body.users, undefined)
})

t.test('GetClientsDetails finds a client by email, case-insensitively', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClientsDetails', { email: 'Margaret@SmithAndSons.example' })
  t.equal(pick(body, 'client.id'), 5)
  t.equal(pick(body, 'client.companyname'), 'Smith & Sons Ltd')
})

t.test('GetClientsDetails lists every user of the client, the owner first', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '5' })
  t.same(pick(body, 'client.users.user'), [
    { id: 5, name: 'Margaret Smith', email: 'margaret@smithandsons.example', is_owner: true },
    { id: 33, name: 'Dana Reyes', email: 'dana.reyes@example.com', is_owner: false }
  ])
})

t.test('GetClientsDetails adds stats with pre-formatted money when stats=true', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '13', stats: 'true' })
  t.match(body.stats, {
    numdueinvoices: 0,
    dueinvoicesbalance: '$0.00 USD',
    incredit: true,
    creditbalance: '$100.00 USD',
    isAffiliate: false
  })
  const euro = await api(sb, 'GetClientsDetails', { clientid: '2', stats: '1' })
  t.equal(pick(euro.body, 'stats.income'), '€0.00 EUR')
})

t.test('GetClientsDetails without clientid or email answers "Either clientid Or email Is Required"', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'GetClientsDetails')
  t.equal(status, 200)
  t.same(body, { result: 'error', message: 'Either clientid Or email Is Required' })
})

t.test('GetClientsDetails for an unknown client answers "Client Not Found"', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'GetClientsDetails', { clientid: '999' })).body, { result: 'error', message: 'Client Not Found' })
  t.same((await api(sb, 'GetClientsDetails', { email: 'nobody@example.com' })).body, { result: 'error', message: 'Client Not Found' })
})
