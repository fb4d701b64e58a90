import t from 'tap'
import { api, newClient, pick, start } from './fixtures/helpers.js'

/** PHP serialize() of an int → string array, written independently of the sandbox (lengths in UTF-8 bytes). */
function phpSerialize (fields: Record<number, string>): string {
  const parts = Object.entries(fields).map(([id, value]) => `i:${id};s:${Buffer.byteLength(value, 'utf8')}:"${value}";`)
  return `a:${parts.length}:{${parts.join('')}}`
}

function base64 (text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}

t.test('AddClient creates a client and answers its id as a string, after the seeded ids', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'AddClient', newClient())
  t.equal(status, 200)
  t.same(body, { result: 'success', clientid: '33', owner_id: 35 })
  const details = await api(sb, 'GetClientsDetails', { clientid: '33' })
  t.match(details.body.client, {
    firstname: 'Test',
    email: 'test.person@example.net',
    status: 'Active',
    currency: 1,
    owner_user_id: 35,
    users: { user: [{ id: 35, name: 'Test Person', email: 'test.person@example.net', is_owner: true }] }
  })
})

t.test('AddClient stores the optional fields', async t => {
  const sb = await start(t)
  await api(sb, 'AddClient', newClient({
    companyname: 'Fish & Chips "Deluxe"',
    address2: 'Flat 2',
    tax_id: 'GB999999973',
    groupid: '2',
    currency: '2',
    language: 'French',
    notes: 'VIP <gold>',
    marketingoptin: 'true',
    password2: 's3cret!'
  }))
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '33' })
  t.match(body.client, {
    companyname: 'Fish & Chips "Deluxe"',
    address2: 'Flat 2',
    tax_id: 'GB999999973',
    groupid: 2,
    currency: 2,
    currency_code: 'EUR',
    language: 'french',
    notes: 'VIP <gold>',
    marketing_emails_opt_in: true
  })
})

t.test('AddClient dates the new client with the sandbox clock', async t => {
  const sb = await start(t, { now: () => new Date('2025-01-02T03:04:05Z') })
  await api(sb, 'AddClient', newClient())
  const { body } = await api(sb, 'GetClients', { sorting: 'DESC', limitnum: '1' })
  t.equal(pick(body, 'clients.client.0.datecreated'), '2025-01-02')
})

t.test('AddClient with owner_user_id makes an existing user the owner instead of creating one', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'AddClient', newClient({ owner_user_id: '34', email: 'second.account@example.net' }))
  t.same(body, { result: 'success', clientid: '33', owner_id: 34 })
  const details = await api(sb, 'GetClientsDetails', { clientid: '33' })
  t.same(pick(details.body, 'client.users.user'), [{ id: 34, name: 'Sam Carter', email: 'sam.carter@example.org', is_owner: true }])
})

t.test('AddClient with skipvalidation accepts a client without address or phone', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'AddClient', { firstname: 'Only', lastname: 'Names', email: 'only.names@example.net', skipvalidation: 'yes' })
  t.equal(body.result, 'success')
})

t.test('AddClient decodes customfields, counting multibyte UTF-8 lengths in bytes', async t => {
  const sb = await start(t)
  const value = 'Zoë 🌙 Ångström & "quotes"; a:1:{'
  const { body } = await api(sb, 'AddClient', newClient({ customfields: base64(phpSerialize({ 1: 'Friend', 2: value, 99: 'unknown field' })) }))
  t.equal(body.result, 'success')
  const details = await api(sb, 'GetClientsDetails', { clientid: '33' })
  t.same(pick(details.body, 'client.customfields'), [{ id: 1, value: 'Friend' }, { id: 2, value }])
  t.equal(pick(details.body, 'client.customfields2'), value)
})

t.test('AddClient ignores customfields serialized with character counts instead of byte counts', async t => {
  const sb = await start(t)
  const wrong = 'a:1:{i:2;s:3:"Zoë";}' // 'Zoë' is 4 bytes in UTF-8
  const { body } = await api(sb, 'AddClient', newClient({ customfields: base64(wrong) }))
  t.equal(body.result, 'success')
  const details = await api(sb, 'GetClientsDetails', { clientid: '33' })
  t.same(pick(details.body, 'client.customfields'), [{ id: 1, value: '' }, { id: 2, value: '' }])
})

const errorCases: Array<[string, string, Record<string, string>]> = [
  ['Invalid Owner User ID', 'the owner user does not exist', { owner_user_id: '999' }],
  ['You did not enter your first name', 'the first name is missing', { firstname: '' }],
  ['You did not enter your last name', 'the last name is blank', { lastname: '   ' }],
  ['You did not enter your email address', 'the email is missing', { email: '' }],
  ['The email address you entered was not valid', 'the email is malformed', { email: 'not-an-email' }],
  ['You did not enter your  address line 1', 'the first address line is missing', { address1: '' }],
  ['You did not enter your city', 'the city is missing', { city: '' }],
  ['You did not enter your state', 'the state is missing', { state: '' }],
  ['You did not enter your postcode', 'the postcode is missing', { postcode: '' }],
  ['Valid country required', 'the country code is unknown', { country: 'XX' }],
  ['Valid country required', 'the country is a name, not a code', { country: 'France' }],
  ['You did not enter your phone number', 'the phone number is missing', { phonenumber: '' }],
  ['Invalid telephone phone number', 'the phone number has letters', { phonenumber: 'call me maybe' }],
  ['The email address entered is not available for use.', 'a client already uses the email', { email: 'ZOE.WHITFIELD@example.co.uk' }],
  ['A user already exists with that email address', 'a user without a client already has the email', { email: 'sam.carter@example.org' }]
]

for (const [message, situation, fields] of errorCases) {
  t.test(`AddClient answers "${message}" when ${situation}`, async t => {
    const sb = await start(t)
    const { status, body } = await api(sb, 'AddClient', newClient(fields))
    t.equal(status, 200)
    t.same(body, { result: 'error', message })
    const count = await api(sb, 'GetClients', { limitnum: '1' })
    t.equal(count.body.totalresults, 32, 'nothing was created')
  })
}

t.test('AddClient with skipvalidation still requires an email when it creates the owner user', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'AddClient', { firstname: 'No', lastname: 'Email', skipvalidation: '1' })
  t.same(body, { result: 'error', message: 'You did not enter your email address' })
})
