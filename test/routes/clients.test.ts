import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

const newClient = {
  firstName: 'Zoë',
  lastName: 'O\'Brien',
  companyName: 'Smith & Sons <Ltd> 🚀',
  email: 'zoe.new@example.com',
  address1: '1 Rue de la Paix',
  city: 'Paris',
  state: 'Île-de-France',
  postcode: '75002',
  countryCode: 'FR',
  phoneNumber: '+33.140000000',
  password: 'correct-horse-battery-staple',
  customFields: [{ id: 1, value: 'Référence ✓' }]
}

t.test('GET /clients', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers the first page with data, meta and a next link', async (t) => {
    const res = await app.inject('/clients')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.equal(page.data.length, 25)
    t.match(page.meta, { offset: 0, limit: 25 })
    t.ok(page.meta.total > 25)
    t.equal(res.headers.link, '</clients?offset=25&limit=25>; rel="next"')
    const first = page.data[0]
    t.same(Object.keys(first).sort(), ['companyName', 'dateCreated', 'email', 'firstName', 'groupId', 'id', 'lastName', 'status'])
    t.type(first.id, 'number')
  })

  t.test('sends limit, offset and order to WHMCS under its own names', async (t) => {
    const res = await app.inject('/clients?limit=5&offset=10&orderBy=lastName&order=desc')
    t.equal(res.statusCode, 200)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetClients', limitstart: '10', limitnum: '5', orderby: 'lastname', sorting: 'DESC' })
    const page = res.json<Page>()
    t.equal(page.data.length, 5)
    const names = page.data.map((c) => String(c.lastName))
    t.same(names, [...names].sort((a, b) => b.localeCompare(a)), 'sorted by last name, descending')
  })

  t.test('the last page links back but not forward', async (t) => {
    const all = (await app.inject('/clients?limit=250')).json<Page>()
    t.equal(all.data.length, all.meta.total, 'one page of 250 holds every client')
    const res = await app.inject(`/clients?limit=10&offset=${all.meta.total - 3}&status=Active`)
    t.match(res.headers.link, /rel="prev"/)
    t.notMatch(res.headers.link ?? '', /rel="next"/)
    t.match(res.headers.link, /status=Active/, 'keeps the caller\'s filters')
  })

  t.test('filters by status', async (t) => {
    const page = (await app.inject('/clients?status=Closed&limit=250')).json<Page>()
    t.ok(page.data.length > 0)
    t.ok(page.data.every((c) => c.status === 'Closed'))
  })

  t.test('searches the start of names, company and email', async (t) => {
    const page = (await app.inject('/clients?search=z&limit=250')).json<Page>()
    t.ok(page.data.length > 0)
    for (const c of page.data) {
      const hay = [c.firstName, c.lastName, c.companyName, c.email, `${String(c.firstName)} ${String(c.lastName)}`].map((s) => String(s).toLowerCase())
      t.ok(hay.some((s) => s.startsWith('z')), `${String(c.email)} matches`)
    }
  })

  t.test('a search with no match is an empty page, not an error', async (t) => {
    const res = await app.inject('/clients?search=nobody-has-this-name')
    t.equal(res.statusCode, 200)
    t.same(res.json(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
    t.equal(res.headers.link, undefined)
  })

  t.test('rejects out-of-range paging and unknown parameters with a 400 problem', async (t) => {
    for (const q of ['limit=0', 'limit=251', 'offset=-1', 'status=Gone', 'orderBy=password', 'colour=blue']) {
      const res = await app.inject(`/clients?${q}`)
      t.equal(res.statusCode, 400, q)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code: 'INVALID_REQUEST', status: 400, errors: Array })
    }
  })
})

t.test('GET /clients/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers the whole client, typed', async (t) => {
    const res = await app.inject('/clients/1')
    t.equal(res.statusCode, 200)
    const c = res.json<Json>()
    t.match(c, {
      id: 1,
      email: String,
      status: /^(Active|Inactive|Closed)$/,
      credit: /^-?\d+\.\d{2}$/,
      taxExempt: Boolean,
      emailPreferences: Object,
      customFields: Array,
      users: [{ id: Number, isOwner: Boolean }]
    })
    t.equal(c.stats, undefined, 'no stats unless asked')
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetClientsDetails', clientid: '1' })
  })

  t.test('adds statistics with money as decimal strings when asked', async (t) => {
    const c = (await app.inject('/clients/1?stats=true')).json<{ stats: Json }>()
    t.match(c.stats, { numDueInvoices: Number, creditBalance: /^-?\d+(\.\d+)?$/, isAffiliate: Boolean })
    t.equal(sandbox.calls.at(-1)?.fields.stats, '1')
  })

  t.test('a client that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/clients/99999')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', status: 404, title: String, type: 'urn:whmcs-rest:problem:not-found' })
  })

  t.test('a non-numeric id is a 400 problem and never reaches WHMCS', async (t) => {
    const before = sandbox.calls.length
    const res = await app.inject('/clients/abc')
    t.equal(res.statusCode, 400)
    t.equal(sandbox.calls.length, before)
  })
})

t.test('POST /clients', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('creates a client and points at it; the text round-trips exactly', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients', payload: newClient })
    t.equal(res.statusCode, 201)
    const { id } = res.json<{ id: number }>()
    t.type(id, 'number')
    t.equal(res.headers.location, `/clients/${id}`)
    const sent = sandbox.calls.at(-1)?.fields ?? {}
    t.match(sent, { action: 'AddClient', firstname: 'Zoë', country: 'FR', password2: newClient.password })
    t.equal(Buffer.from(sent.customfields, 'base64').toString('utf8'), 'a:1:{i:1;s:15:"Référence ✓";}', 'custom fields as PHP serialize with UTF-8 byte lengths')

    const got = (await app.inject(String(res.headers.location))).json<Json>()
    t.match(got, {
      id,
      firstName: 'Zoë',
      lastName: 'O\'Brien',
      companyName: 'Smith & Sons <Ltd> 🚀',
      email: 'zoe.new@example.com',
      countryCode: 'FR',
      status: 'Active'
    })
    t.same((got.customFields as Json[]).find((f) => f.id === 1), { id: 1, value: 'Référence ✓' })
  })

  t.test('a duplicate email is a 409 problem with WHMCS\'s reason', async (t) => {
    const first = (await app.inject('/clients/1')).json<{ email: string }>()
    const res = await app.inject({ method: 'POST', url: '/clients', payload: { ...newClient, email: first.email } })
    t.equal(res.statusCode, 409)
    t.match(res.json(), { code: 'CONFLICT', detail: String })
  })

  t.test('fields WHMCS requires are a 422 problem naming them', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients', payload: { firstName: 'A', lastName: 'B', email: 'only.names@example.com' } })
    t.equal(res.statusCode, 422)
    t.match(res.json(), { code: 'INVALID_INPUT', detail: /^You did not enter/ })
  })

  t.test('skipValidation creates a client from names and email alone', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients', payload: { firstName: 'A', lastName: 'B', email: 'skip@example.com', skipValidation: true } })
    t.equal(res.statusCode, 201)
    t.equal(sandbox.calls.at(-1)?.fields.skipvalidation, '1')
  })

  t.test('schema violations are a 400 problem listing every field', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients', payload: { firstName: '', email: 'not-an-email', cardNumber: '4111111111111111' } })
    t.equal(res.statusCode, 400)
    const p = res.json<{ errors: Array<{ location: string }>, detail: string }>()
    const where = p.errors.map((e) => e.location)
    t.ok(where.includes('body/lastName'), 'missing lastName')
    t.ok(where.includes('body/email'), 'bad email')
    t.ok(where.includes('body/cardNumber'), 'unknown property')
    t.notMatch(res.body, /4111111111111111/, 'the rejected value is not echoed')
  })

  t.test('references must be positive ids', async (t) => {
    for (const bad of [{ ownerUserId: 0 }, { currencyId: null }, { groupId: -1 }]) {
      const res = await app.inject({ method: 'POST', url: '/clients', payload: { ...newClient, email: 'refs@example.com', ...bad } })
      t.equal(res.statusCode, 400, JSON.stringify(bad))
    }
  })

  t.test('inputs are bounded: one-line text, custom fields, the client IP', async (t) => {
    const before = sandbox.calls.length
    const tooLong: Json[] = [
      { address1: 'a'.repeat(256) },
      { companyName: 'c'.repeat(256) },
      { password: 'p'.repeat(256) },
      { clientIp: '1'.repeat(46) },
      { notes: 'n'.repeat(65_536) },
      { customFields: Array.from({ length: 101 }, (_, i) => ({ id: i + 1, value: 'v' })) },
      { customFields: [{ id: 1, value: 'v'.repeat(65_536) }] }
    ]
    for (const bad of tooLong) {
      const res = await app.inject({ method: 'POST', url: '/clients', payload: { ...newClient, email: 'bounds@example.com', ...bad } })
      t.equal(res.statusCode, 400, Object.keys(bad)[0])
      if ('password' in bad) continue // not a field an update takes
      const change = await app.inject({ method: 'PATCH', url: '/clients/1', payload: bad })
      t.equal(change.statusCode, 400, `${Object.keys(bad)[0]} (update)`)
      t.match(change.json(), { errors: [{ location: new RegExp(`^body/${Object.keys(bad)[0]}`) }] }, 'refused for its length')
    }
    t.equal(sandbox.calls.length, before, 'none reached WHMCS')
    const longest = { address1: 'a'.repeat(255), notes: 'n'.repeat(5000), clientIp: '2001:db8::1' }
    const ok = await app.inject({ method: 'POST', url: '/clients', payload: { ...newClient, email: 'bounds@example.com', ...longest } })
    t.equal(ok.statusCode, 201, 'at the bounds, accepted')
  })

  t.test('a body that is not JSON is a problem, not a crash', async (t) => {
    const bad = await app.inject({ method: 'POST', url: '/clients', payload: '{"firstName":', headers: { 'content-type': 'application/json' } })
    t.equal(bad.statusCode, 400)
    t.match(bad.headers['content-type'], /problem\+json/)
    const form = await app.inject({ method: 'POST', url: '/clients', payload: 'a=b', headers: { 'content-type': 'text/plain' } })
    t.equal(form.statusCode, 415)
    t.match(form.json(), { code: 'UNSUPPORTED_MEDIA_TYPE' })
  })
})

t.test('PATCH /clients/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('changes only the given fields', async (t) => {
    const before = (await app.inject('/clients/2')).json<Json>()
    const res = await app.inject({ method: 'PATCH', url: '/clients/2', payload: { companyName: 'Smith & Daughters', emailPreferences: { invoice: false }, taxExempt: true } })
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateClient', clientid: '2', companyname: 'Smith & Daughters', 'email_preferences[invoice]': '0', taxexempt: '1' })
    const after = (await app.inject('/clients/2')).json<Json>()
    t.equal(after.companyName, 'Smith & Daughters')
    t.equal(after.taxExempt, true)
    t.equal((after.emailPreferences as Json).invoice, false)
    t.equal(after.firstName, before.firstName, 'untouched fields stay')
  })

  t.test('a null group takes the client out of its group', async (t) => {
    t.equal((await app.inject({ method: 'PATCH', url: '/clients/2', payload: { groupId: 1 } })).statusCode, 204)
    t.equal((await app.inject('/clients/2')).json<Json>().groupId, 1)
    t.equal((await app.inject({ method: 'PATCH', url: '/clients/2', payload: { groupId: null } })).statusCode, 204)
    t.equal(sandbox.calls.at(-1)?.fields.groupid, '0')
    t.equal((await app.inject('/clients/2')).json<Json>().groupId, null)
  })

  t.test('an empty change is a 400 problem', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/clients/2', payload: {} })
    t.equal(res.statusCode, 400)
  })

  t.test('a missing client is a 404 problem', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/clients/99999', payload: { notes: 'x' } })
    t.equal(res.statusCode, 404)
    t.match(res.json(), { detail: 'Client ID Not Found' })
  })

  t.test('taking another client\'s email is a 409 problem', async (t) => {
    const other = (await app.inject('/clients/3')).json<{ email: string }>()
    const res = await app.inject({ method: 'PATCH', url: '/clients/2', payload: { email: other.email } })
    t.equal(res.statusCode, 409)
  })
})

t.test('DELETE /clients/{id} and POST /clients/{id}/close', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('closing keeps the client, as Closed', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients/4/close' })
    t.equal(res.statusCode, 204)
    t.equal((await app.inject('/clients/4')).json<Json>().status, 'Closed')
  })

  t.test('deleting removes the client, with the options passed on', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/clients/5?deleteUsers=true' })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DeleteClient', clientid: '5', deleteusers: '1', deletetransactions: '0' })
    t.equal((await app.inject('/clients/5')).statusCode, 404)
  })

  t.test('both answer 404 for a client that does not exist', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: '/clients/99999' })).statusCode, 404)
    t.equal((await app.inject({ method: 'POST', url: '/clients/99999/close' })).statusCode, 404)
  })
})

t.test('POST /clients/{id}/invites', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('sends an invitation with comma-separated permissions', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/clients/1/invites', payload: { email: 'accountant@example.com', permissions: ['invoices', 'quotes'] } })
    t.equal(res.statusCode, 201)
    t.same(res.json(), { clientId: 1, email: 'accountant@example.com', permissions: ['invoices', 'quotes'] })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateClientInvite', client_id: '1', email: 'accountant@example.com', permissions: 'invoices,quotes' })
  })

  t.test('inviting a user already on the account is a 409 problem', async (t) => {
    const owner = (await app.inject('/clients/1')).json<{ users: Array<{ email: string }> }>().users[0]
    const res = await app.inject({ method: 'POST', url: '/clients/1/invites', payload: { email: owner.email, permissions: ['invoices'] } })
    t.equal(res.statusCode, 409)
  })

  t.test('an unknown permission is a 400 problem; an unknown client a 404', async (t) => {
    t.equal((await app.inject({ method: 'POST', url: '/clients/1/invites', payload: { email: 'a@example.com', permissions: ['root'] } })).statusCode, 400)
    t.equal((await app.inject({ method: 'POST', url: '/clients/99999/invites', payload: { email: 'a@example.com', permissions: ['invoices'] } })).statusCode, 404)
  })
})

t.test('unknown routes answer a problem', async (t) => {
  const { app } = await build(t)
  const res = await app.inject('/nowhere')
  t.equal(res.statusCode, 404)
  t.match(res.json(), { code: 'ROUTE_NOT_FOUND' })
})
