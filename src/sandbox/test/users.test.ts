import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

t.test('AddUser creates a user and answers its id as a string', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'AddUser', { firstname: 'Zoë', lastname: 'New', email: 'zoe.new@example.com', password2: 'secret', language: 'French' })
  t.same(body, { result: 'success', user_id: '35' })
  const found = await api(sb, 'GetUsers', { search: 'zoe.new' })
  t.match(pick(found.body, 'users.0'), { id: 35, firstname: 'Zoë', lastname: 'New', email: 'zoe.new@example.com', clients: [] })
})

t.test('AddUser refuses with WHMCS\'s messages, in its order', async t => {
  const sb = await start(t)
  const full = { firstname: 'A', lastname: 'B', email: 'a.b@example.com', password2: 'x' }
  const cases: Array<[Record<string, string>, string]> = [
    [{ ...full, firstname: '' }, 'You did not enter a first name'],
    [{ ...full, lastname: '' }, 'You did not enter a last name'],
    [{ ...full, email: '' }, 'You did not enter an email address'],
    [{ ...full, password2: '' }, 'You did not enter a password'],
    [{ ...full, email: 'not-an-email' }, 'The email address entered is not valid'],
    [{ ...full, email: 'Dana.Reyes@example.com' }, 'A user already exists with that email address']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'AddUser', fields)).body, { result: 'error', message }, message)
})

t.test('GetUsers pages through users as a bare list, each with its clients', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetUsers', { limitstart: '32', limitnum: '5' })
  t.match(body, { result: 'success', totalresults: 34, startnumber: 32, numreturned: 2 })
  t.match(pick(body, 'users.0'), { id: 33, datecreated: '2021-06-01 10:00:00', clients: [{ id: 5, isOwner: false }, { id: 15, isOwner: false }] })
  const desc = await api(sb, 'GetUsers', { sorting: 'desc', limitnum: '1' })
  t.match(pick(desc.body, 'users.0'), { id: 34 })
  t.match((await api(sb, 'GetUsers', { search: 'Dana Re' })).body, { totalresults: 1 })
})

t.test('UpdateUser changes the given fields', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'UpdateUser', { user_id: '33', lastname: 'Reyes-Ortiz', email: 'dana@example.net' })).body, { result: 'success', user_id: '33' })
  t.match(pick((await api(sb, 'GetUsers', { search: 'dana@' })).body, 'users.0'), { firstname: 'Dana', lastname: 'Reyes-Ortiz', email: 'dana@example.net' })
})

t.test('UpdateUser refuses with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{ user_id: '999', firstname: 'x' }, 'Invalid User ID requested'],
    [{ user_id: '33' }, 'One of `email`, `firstname`, `lastname`, or `language` is required'],
    [{ user_id: '33', email: 'nope' }, 'The email address entered is not valid'],
    [{ user_id: '33', email: 'sam.carter@example.org' }, 'A user already exists with that email address']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'UpdateUser', fields)).body, { result: 'error', message }, message)
})

t.test('GetPermissionsList answers with status, not result', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetPermissionsList')
  t.equal(body.result, undefined)
  t.equal(body.status, 'success')
  t.same((pick(body, 'permissions.permission') as string[]).slice(0, 3), ['profile', 'contacts', 'products'])
})

t.test('UpdateUserPermissions replaces a user\'s permissions on a client', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'UpdateUserPermissions', { user_id: '33', client_id: '5', permissions: 'orders, quotes,bogus,orders' })).body, { result: 'success' })
  const invite = await api(sb, 'CreateClientInvite', { client_id: '5', email: 'dana.reyes@example.com', permissions: 'orders' })
  t.match(invite.body, { message: 'User already associated with client' }, 'the user is still associated')
})

t.test('UpdateUserPermissions refuses with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{ user_id: '999', client_id: '5', permissions: 'orders' }, 'Invalid user id'],
    [{ user_id: '33', client_id: '999', permissions: 'orders' }, 'Invalid client id'],
    [{ user_id: '33', client_id: '5', permissions: 'bogus' }, 'Missing permissions definition'],
    [{ user_id: '33', client_id: '1', permissions: 'orders' }, 'User is not associated with client'],
    [{ user_id: '1', client_id: '1', permissions: 'orders' }, 'Permissions cannot be set on a client owner']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'UpdateUserPermissions', fields)).body, { result: 'error', message }, message)
})
