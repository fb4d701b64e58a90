import t from 'tap'
import { api, call, pick, start } from './fixtures/helpers.js'

function ids (body: Record<string, unknown>): unknown[] {
  return (pick(body, 'clients.client') as Array<Record<string, unknown>>).map(c => c.id)
}

t.test('GetClients answers the first page of 25 with WHMCS\'s JSON shape and types', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'GetClients')
  t.equal(status, 200)
  t.equal(body.result, 'success')
  t.equal(body.totalresults, 32)
  t.equal(body.startnumber, 0)
  t.equal(body.numreturned, 25)
  t.equal(pick(body, 'clients.client.length'), 25)
  t.same(pick(body, 'clients.client.0'), {
    id: 1,
    firstname: 'Zoë',
    lastname: 'Whitfield',
    companyname: '',
    email: 'zoe.whitfield@example.co.uk',
    datecreated: '2018-03-14',
    groupid: 0,
    status: 'Active'
  })
})

t.test('GetClients answers XML when no responsetype is sent', async t => {
  const sb = await start(t)
  const answer = await call(sb, 'GetClients', { limitnum: '2' })
  t.equal(answer.status, 200)
  t.match(answer.contentType, /^text\/xml/)
  t.ok(answer.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="8.13.1"><action>GetClients</action>' +
    '<result>success</result><totalresults>32</totalresults><startnumber>0</startnumber><numreturned>2</numreturned>' +
    '<clients><client><id>1</id><firstname>Zoë</firstname>'))
  t.equal(answer.text.match(/<client>/g)?.length, 2)
  t.ok(answer.text.endsWith('</client></clients></whmcsapi>'))
})

t.test('GetClients XML escapes markup characters in text', async t => {
  const sb = await start(t)
  const answer = await call(sb, 'GetClients', { responsetype: 'xml', search: 'Smith & Sons' })
  t.match(answer.text, '<companyname>Smith &amp; Sons Ltd</companyname>')
})

t.test('GetClients pages with limitstart and limitnum', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { limitstart: '30', limitnum: '25' })
  t.equal(body.totalresults, 32)
  t.equal(body.startnumber, 30)
  t.equal(body.numreturned, 2)
  t.same(ids(body), [31, 32])
})

t.test('GetClients past the last page answers an empty client list', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { limitstart: '100' })
  t.equal(body.numreturned, 0)
  t.same(body.clients, { client: [] })
})

t.test('GetClients search matches a prefix of the first name, accent- and case-insensitively', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { search: 'ZOE' })
  t.equal(body.totalresults, 2)
  t.same(ids(body), [1, 32])
})

t.test('GetClients search matches a prefix of the full name', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { search: 'liam j' })
  t.same(ids(body), [6])
})

t.test('GetClients search matches a prefix of the company name and of the email', async t => {
  const sb = await start(t)
  t.same(ids((await api(sb, 'GetClients', { search: 'smith & s' })).body), [5])
  t.same(ids((await api(sb, 'GetClients', { search: 'h.tanaka@' })).body), [8])
})

t.test('GetClients search does not match inside a word', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { search: 'hitfield' })
  t.equal(body.totalresults, 0)
})

t.test('GetClients filters by status', async t => {
  const sb = await start(t)
  t.same(ids((await api(sb, 'GetClients', { status: 'Closed' })).body), [12, 18, 25])
  t.equal((await api(sb, 'GetClients', { status: 'inactive' })).body.totalresults, 4)
  t.equal((await api(sb, 'GetClients', { status: 'Active' })).body.totalresults, 25)
})

t.test('GetClients orders by last name with accents folded', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { orderby: 'lastname', limitnum: '3' })
  t.same((pick(body, 'clients.client') as Array<Record<string, unknown>>).map(c => c.lastname), ['Anderson', 'Ångström', 'Bjørnstad'])
})

t.test('GetClients sorts descending with sorting=DESC', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { sorting: 'DESC', limitnum: '3' })
  t.same(ids(body), [32, 31, 30])
})

t.test('GetClients orders by date created and by group id', async t => {
  const sb = await start(t)
  const newest = await api(sb, 'GetClients', { orderby: 'datecreated', sorting: 'desc', limitnum: '1' })
  t.equal(pick(newest.body, 'clients.client.0.datecreated'), '2024-02-29')
  const groups = await api(sb, 'GetClients', { orderby: 'groupid', sorting: 'DESC', limitnum: '1' })
  t.equal(pick(groups.body, 'clients.client.0.groupid'), 3)
})

t.test('GetClients ignores an unknown orderby and orders by id', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetClients', { orderby: 'password', limitnum: '2' })
  t.same(ids(body), [1, 2])
})
