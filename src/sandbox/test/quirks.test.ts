import t from 'tap'
import { api, call, pick, start, until } from './fixtures/helpers.js'

// ---------------------------------------------------------------- list shapes

t.test('single-object renders a one-element list as the element itself', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'single-object' })
  const { body } = await api(sb, 'GetClients', { limitnum: '1' })
  t.equal(pick(body, 'clients.client.id'), 1)
  t.notOk(Array.isArray(pick(body, 'clients.client')))
})

t.test('single-object leaves longer lists alone', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'single-object' })
  const { body } = await api(sb, 'GetClients', { limitnum: '2' })
  t.equal(pick(body, 'clients.client.length'), 2)
})

t.test('single-object also reaches nested lists of other actions', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClientsDetails', { kind: 'single-object' })
  const { body } = await api(sb, 'GetClientsDetails', { clientid: '1' })
  t.same(pick(body, 'client.users.user'), { id: 1, name: 'Zoë Whitfield', email: 'zoe.whitfield@example.co.uk', is_owner: true })
})

t.test('numeric-keys renders lists as objects keyed "0", "1", ...', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'numeric-keys' })
  const answer = await call(sb, 'GetClients', { limitnum: '2', responsetype: 'json' })
  t.match(answer.text, '"clients":{"client":{"0":{"id":1,')
  t.same(Object.keys(pick(JSON.parse(answer.text), 'clients.client') as object), ['0', '1'])
})

t.test('numeric-keys lists still render as repeated elements in XML', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'numeric-keys' })
  const answer = await call(sb, 'GetClients', { limitnum: '2' })
  t.match(answer.text, '<clients><client><id>1</id>')
  t.equal(answer.text.match(/<client>/g)?.length, 2)
})

t.test('empty-string renders an empty list wrapper as ""', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'empty-string' })
  const answer = await call(sb, 'GetClients', { search: 'no such client', responsetype: 'json' })
  t.equal(answer.text, '{"result":"success","totalresults":0,"startnumber":0,"numreturned":0,"clients":""}')
})

t.test('empty-object renders an empty list as {}', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'empty-object' })
  const answer = await call(sb, 'GetClients', { search: 'no such client', responsetype: 'json' })
  t.match(answer.text, '"clients":{"client":{}}')
})

t.test('missing-list leaves out the key of an empty list', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'missing-list' })
  const { body } = await api(sb, 'GetClients', { search: 'no such client' })
  t.same(body, { result: 'success', totalresults: 0, startnumber: 0, numreturned: 0 })
})

t.test('numeric-strings turns every number into a string', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'numeric-strings' })
  const { body } = await api(sb, 'GetClients', { limitnum: '1' })
  t.match(body, { totalresults: '32', startnumber: '0', numreturned: '1', clients: { client: [{ id: '1', groupid: '0' }] } })
})

t.test('html-escaped escapes &, quotes and apostrophes in text values', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClientsDetails', { kind: 'html-escaped' })
  const smith = await api(sb, 'GetClientsDetails', { clientid: '5' })
  t.equal(pick(smith.body, 'client.companyname'), 'Smith &amp; Sons Ltd')
  const obrien = await api(sb, 'GetClientsDetails', { clientid: '4' })
  t.equal(pick(obrien.body, 'client.lastname'), 'O&#039;Brien')
  const thompson = await api(sb, 'GetClientsDetails', { clientid: '24' })
  t.equal(pick(thompson.body, 'client.companyname'), 'Thompson &quot;Quality&quot; Builders')
})

// ---------------------------------------------------------------- answers replaced

t.test('warning answers a bare {"warning": ...} with HTTP 200 and no result', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'warning', message: 'Gateway timeout' })
  const { status, body } = await api(sb, 'GetClients')
  t.equal(status, 200)
  t.same(body, { warning: 'Gateway timeout' })
})

t.test('status-error answers {"status": "error", "message": ...}', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'status-error', message: 'Something failed' })
  const { body } = await api(sb, 'GetClients')
  t.same(body, { status: 'error', message: 'Something failed' })
})

t.test('error answers a result error with the given text and HTTP status', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'error', message: 'Invalid IP 203.0.113.7', httpStatus: 400 })
  const { status, body } = await api(sb, 'GetClients')
  t.equal(status, 400)
  t.same(body, { result: 'error', message: 'Invalid IP 203.0.113.7' })
})

t.test('error does not run the action', async t => {
  const sb = await start(t)
  sb.quirks.set('AddClient', { kind: 'error', message: 'You did not provide required custom field value for Customer reference' })
  const { body } = await api(sb, 'AddClient', { firstname: 'A', lastname: 'B', email: 'a.b@example.net', skipvalidation: '1' })
  t.equal(body.result, 'error')
  t.equal((await api(sb, 'GetClients')).body.totalresults, 32)
})

t.test('error answers in XML when XML was asked for', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'error', message: 'Nope' })
  const answer = await call(sb, 'GetClients')
  t.match(answer.text, '<action>GetClients</action><result>error</result><message>Nope</message>')
})

t.test('html answers an HTML page with HTTP 200 by default', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'html' })
  const answer = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(answer.status, 200)
  t.match(answer.contentType, /^text\/html/)
  t.match(answer.text, /^<!DOCTYPE html>/)
})

t.test('html answers a custom page with a custom status', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'html', httpStatus: 403, body: '<html><body>Access denied by WAF</body></html>' })
  const answer = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(answer.status, 403)
  t.equal(answer.text, '<html><body>Access denied by WAF</body></html>')
})

t.test('empty-body answers HTTP 200 with nothing in the body', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'empty-body' })
  const answer = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(answer.status, 200)
  t.equal(answer.text, '')
})

t.test('http-error answers the given status with a PHP fatal error by default', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'http-error', httpStatus: 500 })
  const answer = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(answer.status, 500)
  t.match(answer.text, '<b>Fatal error</b>:')
})

t.test('http-error answers a custom body', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'http-error', httpStatus: 502, body: 'Bad Gateway' })
  const answer = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(answer.status, 502)
  t.equal(answer.text, 'Bad Gateway')
})

t.test('reset drops the connection without an answer', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'reset' })
  await t.rejects(call(sb, 'GetClients', { responsetype: 'json' }))
  t.equal(sb.calls.length, 1, 'the request was received')
})

// ---------------------------------------------------------------- answers damaged or delayed

t.test('truncated cuts the JSON answer in the middle', async t => {
  const sb = await start(t)
  const full = (await call(sb, 'GetClients', { responsetype: 'json' })).text
  sb.quirks.set('GetClients', { kind: 'truncated' })
  const cut = await call(sb, 'GetClients', { responsetype: 'json' })
  t.equal(cut.status, 200)
  t.equal(cut.text, full.slice(0, Math.floor(full.length / 2)))
  t.throws(() => JSON.parse(cut.text))
})

t.test('php-notice prints a PHP warning before the JSON', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'php-notice' })
  const answer = await call(sb, 'GetClients', { responsetype: 'json', limitnum: '1' })
  t.match(answer.text, /^<br \/>\n<b>Warning<\/b>: {2}.* in <b>\/var\/www\/whmcs\/includes\/api\/getclients\.php<\/b> on line <b>\d+<\/b><br \/>\n\{"result":"success"/)
})

t.test('php-notice runs the action', async t => {
  const sb = await start(t)
  sb.quirks.set('AddClient', { kind: 'php-notice', message: 'Undefined variable $x' })
  const answer = await call(sb, 'AddClient', { responsetype: 'json', firstname: 'A', lastname: 'B', email: 'a.b@example.net', skipvalidation: '1' })
  t.match(answer.text, 'Undefined variable $x')
  t.match(answer.text, '{"result":"success","clientid":"33"')
})

t.test('slow answers normally after the delay', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'slow', delayMs: 1_000 })
  const order: string[] = []
  const slow = api(sb, 'GetClients', { limitnum: '1' }).then((answer) => { order.push('slow'); return answer })
  await until(() => sb.calls.length >= 1, 'the call to arrive')
  // A call sent after the slow one arrived is answered first: the slow one was held back.
  await api(sb, 'GetClientsDetails', { clientid: '1' }).then(() => { order.push('prompt') })
  const { body } = await slow
  t.same(order, ['prompt', 'slow'])
  t.equal(body.result, 'success', 'answered normally after the delay')
})

t.test('slow combined with reset drops the connection after the delay', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'slow', delayMs: 50 })
  sb.quirks.add('GetClients', { kind: 'reset' })
  await t.rejects(call(sb, 'GetClients'))
})

t.test('close() ends pending slow answers without waiting for them', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'slow', delayMs: 60_000 })
  const pending = call(sb, 'GetClients')
  await until(() => sb.calls.length >= 1, 'the call to arrive')
  // close() resolving at all shows it did not wait: the answer was due in a minute, past tap's timeout.
  await sb.close()
  await t.rejects(pending)
})

// ---------------------------------------------------------------- the switch

t.test('a quirk with times applies to that many calls only', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'empty-body', times: 2 })
  t.equal((await call(sb, 'GetClients')).text, '')
  t.equal((await call(sb, 'GetClients')).text, '')
  t.match((await call(sb, 'GetClients')).text, '<result>success</result>')
  t.same(sb.quirks.active(), [])
})

t.test('quirks only apply to their own action, matched case-insensitively', async t => {
  const sb = await start(t)
  sb.quirks.set('getclients', { kind: 'empty-body' })
  t.equal((await call(sb, 'GETCLIENTS')).text, '')
  t.match((await call(sb, 'GetClientsDetails', { clientid: '1' })).text, '<result>success</result>')
})

t.test('a quirk set on "*" applies to every action, even unknown ones', async t => {
  const sb = await start(t)
  sb.quirks.set('*', { kind: 'status-error', message: 'Down' })
  t.same((await api(sb, 'GetClients')).body, { status: 'error', message: 'Down' })
  t.same((await api(sb, 'NoSuchAction')).body, { status: 'error', message: 'Down' })
})

t.test('set() replaces the quirks of an action while add() combines them', async t => {
  const sb = await start(t)
  sb.quirks.add('GetClients', { kind: 'single-object' })
  sb.quirks.add('GetClients', { kind: 'numeric-strings' })
  const combined = await api(sb, 'GetClients', { limitnum: '1' })
  t.equal(pick(combined.body, 'clients.client.id'), '1')
  sb.quirks.set('GetClients', { kind: 'numeric-strings' })
  t.equal(sb.quirks.active().length, 1)
  const replaced = await api(sb, 'GetClients', { limitnum: '1' })
  t.equal(pick(replaced.body, 'clients.client.0.id'), '1')
})

t.test('clear(action) removes that action\'s quirks and clear() removes all', async t => {
  const sb = await start(t)
  sb.quirks.set('GetClients', { kind: 'empty-body' })
  sb.quirks.set('GetClientsDetails', { kind: 'empty-body' })
  sb.quirks.clear('GETCLIENTS')
  t.same(sb.quirks.active().map(q => q.action), ['GetClientsDetails'])
  t.match((await call(sb, 'GetClients')).text, '<result>success</result>')
  sb.quirks.clear()
  t.same(sb.quirks.active(), [])
})

t.test('an unknown quirk kind is refused', async t => {
  const sb = await start(t)
  t.throws(() => { sb.quirks.set('GetClients', JSON.parse('{"kind":"explode"}')) }, TypeError)
})
