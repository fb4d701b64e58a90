import t from 'tap'
import { api, newClient, pick, post, credentials, start } from './fixtures/helpers.js'

// ---------------------------------------------------------------- UpdateClient

t.test('UpdateClient changes the given fields and answers the id as a string', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'UpdateClient', {
    clientid: '6',
    firstname: 'William',
    companyname: 'Johnson & Daughters',
    country: 'ie',
    phonenumber: '+353.15550000',
    status: 'inactive',
    groupid: '3',
    currency: '2',
    paymentmethod: 'banktransfer',
    notes: 'Moved to Dublin',
    language: 'English'
  })
  t.same(body, { result: 'success', clientid: '6' })
  const details = await api(sb, 'GetClientsDetails', { clientid: '6' })
  t.match(details.body.client, {
    firstname: 'William',
    lastname: 'Johnson',
    companyname: 'Johnson & Daughters',
    country: 'IE',
    countryname: 'Ireland',
    phonecc: '353',
    phonenumberformatted: '+353.15550000',
    status: 'Inactive',
    groupid: 3,
    currency: 2,
    defaultgateway: 'banktransfer',
    notes: 'Moved to Dublin',
    language: 'english'
  })
})

t.test('UpdateClient sets flags from 1/0, true/false, on and yes', async t => {
  const sb = await start(t)
  await api(sb, 'UpdateClient', {
    clientid: '2',
    taxexempt: '0',
    latefeeoveride: 'true',
    overideduenotices: 'on',
    separateinvoices: 'yes',
    disableautocc: '1',
    overrideautoclose: 'false',
    marketingoptin: 'true'
  })
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '2' })
  t.match(body.client, {
    taxexempt: false,
    latefeeoveride: true,
    overideduenotices: true,
    separateinvoices: true,
    disableautocc: true,
    overrideautoclose: false,
    marketing_emails_opt_in: true,
    isOptedInToMarketingEmails: true
  })
})

t.test('UpdateClient reads email_preferences bracket keys', async t => {
  const sb = await start(t)
  const form = `${new URLSearchParams(credentials(sb)).toString()}&action=UpdateClient&responsetype=json&clientid=3` +
    '&email_preferences%5Bgeneral%5D=0&email_preferences[invoice]=false&email_preferences[affiliate]=1'
  const answer = await post(sb.apiUrl, form)
  t.equal(JSON.parse(answer.text).result, 'success')
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '3' })
  t.same(pick(body, 'client.email_preferences'), { general: '0', invoice: '0', support: '1', product: '1', domain: '1', affiliate: '1' })
})

t.test('UpdateClient finds the client by clientemail', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'UpdateClient', { clientemail: 'AVA.MOORE@example.com', city: 'Boulder' })
  t.same(body, { result: 'success', clientid: '30' })
  t.equal(pick((await api(sb, 'GetClientsDetails', { clientid: '30' })).body, 'client.city'), 'Boulder')
})

t.test('UpdateClient changes the email when it is free', async t => {
  const sb = await start(t)
  await api(sb, 'UpdateClient', { clientid: '6', email: 'liam@johnson.example' })
  t.equal(pick((await api(sb, 'GetClientsDetails', { email: 'liam@johnson.example' })).body, 'client.id'), 6)
})

t.test('UpdateClient merges customfields into the stored values', async t => {
  const sb = await start(t)
  const serialized = 'a:1:{i:2;s:10:"Ref-ÅÉ-7";}' // 8 characters, 10 bytes
  await api(sb, 'UpdateClient', { clientid: '1', customfields: Buffer.from(serialized).toString('base64') })
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '1' })
  t.same(pick(body, 'client.customfields'), [{ id: 1, value: 'Search engine' }, { id: 2, value: 'Ref-ÅÉ-7' }])
})

t.test('UpdateClient for an unknown client answers "Client ID Not Found"', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'UpdateClient', { clientid: '999', firstname: 'X' })).body, { result: 'error', message: 'Client ID Not Found' })
  t.same((await api(sb, 'UpdateClient', { clientemail: 'nobody@example.com' })).body, { result: 'error', message: 'Client ID Not Found' })
  t.same((await api(sb, 'UpdateClient', { firstname: 'X' })).body, { result: 'error', message: 'Client ID Not Found' })
})

t.test('UpdateClient with a malformed email answers "The email address entered is not valid"', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'UpdateClient', { clientid: '1', email: 'zoë@@example', firstname: 'Changed' })
  t.same(body, { result: 'error', message: 'The email address entered is not valid' })
  t.equal(pick((await api(sb, 'GetClientsDetails', { clientid: '1' })).body, 'client.firstname'), 'Zoë', 'nothing changed')
})

t.test('UpdateClient with another client\'s email answers "Duplicate Email Address"', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'UpdateClient', { clientid: '1', email: 'Liam.Johnson@example.com' })
  t.same(body, { result: 'error', message: 'Duplicate Email Address' })
})

t.test('UpdateClient refuses to turn off domain emails without a contact to receive them', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'UpdateClient', { clientid: '1', 'email_preferences[domain]': '0' })
  t.equal(body.result, 'error')
  t.match(body.message, /^You must have at least one email address enabled to receive domain related notifications as required by ICANN\./)
})

// ---------------------------------------------------------------- DeleteClient

t.test('DeleteClient removes the client and answers its id as a string', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'DeleteClient', { clientid: '3' })).body, { result: 'success', clientid: '3' })
  t.same((await api(sb, 'GetClientsDetails', { clientid: '3' })).body, { result: 'error', message: 'Client Not Found' })
  t.equal((await api(sb, 'GetClients')).body.totalresults, 31)
})

t.test('DeleteClient keeps the owner user unless deleteusers is set', async t => {
  const sb = await start(t)
  await api(sb, 'DeleteClient', { clientid: '3' })
  const again = await api(sb, 'AddClient', newClient({ email: 'jose.nunez@example.es' }))
  t.same(again.body, { result: 'error', message: 'A user already exists with that email address' })
})

t.test('DeleteClient with deleteusers also deletes users left without a client', async t => {
  const sb = await start(t)
  await api(sb, 'DeleteClient', { clientid: '3', deleteusers: '1', deletetransactions: '1' })
  const again = await api(sb, 'AddClient', newClient({ email: 'jose.nunez@example.es' }))
  t.equal(again.body.result, 'success')
})

t.test('DeleteClient with deleteusers keeps users that still belong to another client', async t => {
  const sb = await start(t)
  await api(sb, 'DeleteClient', { clientid: '5', deleteusers: 'true' })
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '15' })
  t.same(pick(body, 'client.users.user.1'), { id: 33, name: 'Dana Reyes', email: 'dana.reyes@example.com', is_owner: false })
})

t.test('DeleteClient for an unknown client answers "Client ID Not Found"', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'DeleteClient', { clientid: '999' })).body, { result: 'error', message: 'Client ID Not Found' })
  t.same((await api(sb, 'DeleteClient')).body, { result: 'error', message: 'Client ID Not Found' })
})

// ---------------------------------------------------------------- CloseClient

t.test('CloseClient sets the status to Closed and answers the id as a number', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'CloseClient', { clientid: '6' })).body, { result: 'success', clientid: 6 })
  t.equal(pick((await api(sb, 'GetClientsDetails', { clientid: '6' })).body, 'client.status'), 'Closed')
})

t.test('CloseClient for an unknown client answers "Client ID Not Found"', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'CloseClient', { clientid: '0' })).body, { result: 'error', message: 'Client ID Not Found' })
})

// ---------------------------------------------------------------- CreateClientInvite

t.test('CreateClientInvite accepts a new email with permissions', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'CreateClientInvite', { client_id: '1', email: 'helper@example.net', permissions: 'profile,invoices,tickets' })
  t.equal(status, 200)
  t.same(body, { result: 'success' })
})

t.test('CreateClientInvite accepts a user of another client', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'CreateClientInvite', { client_id: '1', email: 'dana.reyes@example.com', permissions: 'profile' })
  t.same(body, { result: 'success' })
})

const inviteErrors: Array<[string, string, Record<string, string>]> = [
  ['Invalid client id', 'the client does not exist', { client_id: '999', email: 'a@example.net', permissions: 'profile' }],
  ['Invalid client id', 'no client id is given', { email: 'a@example.net', permissions: 'profile' }],
  ['Email is required', 'the email is missing', { client_id: '1', permissions: 'profile' }],
  ['The email address entered is not valid', 'the email is malformed', { client_id: '1', email: 'a@b', permissions: 'profile' }],
  ['User permissions are required', 'no permissions are given', { client_id: '1', email: 'a@example.net', permissions: '' }],
  ['User permissions are required', 'only unknown permissions are given', { client_id: '1', email: 'a@example.net', permissions: 'root,sudo' }],
  ['User already associated with client', 'the email belongs to a user of the client', { client_id: '5', email: 'Dana.Reyes@example.com', permissions: 'profile' }],
  ['User already associated with client', 'the email belongs to the owner', { client_id: '5', email: 'margaret@smithandsons.example', permissions: 'orders' }]
]

for (const [message, situation, fields] of inviteErrors) {
  t.test(`CreateClientInvite answers "${message}" when ${situation}`, async t => {
    const sb = await start(t)
    const { status, body } = await api(sb, 'CreateClientInvite', fields)
    t.equal(status, 200)
    t.same(body, { result: 'error', message })
  })
}
