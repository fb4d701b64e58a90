import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /users', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('pages through users with the client accounts each can act for', async (t) => {
    const res = await app.inject('/users?offset=32&limit=5')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.meta, { total: 34, offset: 32, limit: 5 })
    t.same(page.data[0], {
      id: 33,
      firstName: 'Dana',
      lastName: 'Reyes',
      email: 'dana.reyes@example.com',
      dateCreated: '2021-06-01T10:00:00',
      clients: [{ clientId: 5, isOwner: false }, { clientId: 15, isOwner: false }]
    })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetUsers', limitstart: '32', limitnum: '5', sorting: 'ASC' })
  })

  t.test('searches and sorts', async (t) => {
    const found = (await app.inject('/users?search=zo&order=desc')).json<Page>()
    t.ok(found.data.length >= 2)
    t.ok(found.data.every((u) => String(u.email).startsWith('zo') || String(u.firstName).toLowerCase().startsWith('zo')))
    t.same(found.data.map((u) => u.id), [...found.data.map((u) => u.id)].sort((a, b) => Number(b) - Number(a)))
    t.match(sandbox.calls.at(-1)?.fields, { search: 'zo', sorting: 'DESC' })
  })

  t.test('reads the single-object and empty shapes of real installs', async (t) => {
    sandbox.quirks.set('GetUsers', { kind: 'single-object', times: 1 })
    t.equal((await app.inject('/users?search=dana')).json<Page>().data[0].id, 33)
    sandbox.quirks.set('GetUsers', { kind: 'empty-string', times: 1 })
    t.same((await app.inject('/users?search=nobody')).json<Page>().data, [])
  })
})

t.test('POST /users creates a user', async (t) => {
  const { app, sandbox } = await build(t)
  const user = { firstName: 'Zoë', lastName: 'O\'Brien', email: 'zoe.user@example.com', password: 'correct-horse', language: 'french' }
  const res = await app.inject({ method: 'POST', url: '/users', payload: user })
  t.equal(res.statusCode, 201)
  t.same(res.json(), { id: 35 })
  t.match(sandbox.calls.at(-1)?.fields, { action: 'AddUser', firstname: 'Zoë', lastname: 'O\'Brien', email: 'zoe.user@example.com', password2: 'correct-horse', language: 'french' })
  t.match((await app.inject('/users?search=zoe.user')).json<Page>().data, [{ id: 35, firstName: 'Zoë', clients: [] }])

  const again = await app.inject({ method: 'POST', url: '/users', payload: user })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { code: 'CONFLICT', detail: 'A user already exists with that email address' })
  for (const payload of [{ ...user, email: 'nope' }, { ...user, password: '' }, { firstName: 'A', lastName: 'B', email: 'a@example.com' }, { ...user, role: 'admin' }]) {
    t.equal((await app.inject({ method: 'POST', url: '/users', payload })).statusCode, 400, JSON.stringify(payload))
  }
})

t.test('PATCH /users/{id} changes the given fields', async (t) => {
  const { app, sandbox } = await build(t)
  const res = await app.inject({ method: 'PATCH', url: '/users/33', payload: { lastName: 'Reyes-Ortiz', email: 'dana@example.net' } })
  t.equal(res.statusCode, 204)
  t.same(sandbox.calls.at(-1)?.fields, { ...sandbox.calls.at(-1)?.fields, action: 'UpdateUser', user_id: '33', lastname: 'Reyes-Ortiz', email: 'dana@example.net' })
  t.equal(sandbox.calls.at(-1)?.fields.firstname, undefined, 'fields not given are not sent')
  t.match((await app.inject('/users?search=dana@')).json<Page>().data, [{ firstName: 'Dana', lastName: 'Reyes-Ortiz' }])

  t.equal((await app.inject({ method: 'PATCH', url: '/users/999', payload: { firstName: 'X' } })).statusCode, 404)
  const taken = await app.inject({ method: 'PATCH', url: '/users/33', payload: { email: 'sam.carter@example.org' } })
  t.equal(taken.statusCode, 409)
  t.equal((await app.inject({ method: 'PATCH', url: '/users/33', payload: {} })).statusCode, 400, 'something must change')
})

t.test('PUT /users/{id}/clients/{clientId}/permissions', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('replaces the permissions of a user on an account it does not own', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/users/33/clients/5/permissions', payload: { permissions: ['invoices', 'tickets'] } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateUserPermissions', user_id: '33', client_id: '5', permissions: 'invoices,tickets' })
  })

  t.test('WHMCS\'s refusals are 404, 409 and 422 problems', async (t) => {
    const cases: Array<[string, number, string]> = [
      ['/users/999/clients/5/permissions', 404, 'NOT_FOUND'],
      ['/users/33/clients/999/permissions', 404, 'NOT_FOUND'],
      ['/users/1/clients/1/permissions', 409, 'CONFLICT'],
      ['/users/33/clients/1/permissions', 422, 'INVALID_INPUT']
    ]
    for (const [url, status, code] of cases) {
      const res = await app.inject({ method: 'PUT', url, payload: { permissions: ['orders'] } })
      t.equal(res.statusCode, status, url)
      t.match(res.json(), { code })
    }
  })

  t.test('unknown, repeated or no permissions are a 400', async (t) => {
    for (const permissions of [['root'], ['orders', 'orders'], []]) {
      t.equal((await app.inject({ method: 'PUT', url: '/users/33/clients/5/permissions', payload: { permissions } })).statusCode, 400, JSON.stringify(permissions))
    }
  })
})
