import { connect } from 'node:net'
import t from 'tap'
import { api, call, credentials, pick, post, start } from './fixtures/helpers.js'

t.test('a wrong secret is refused with HTTP 403 and "Authentication Failed"', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json', identifier: sb.identifier, secret: 'wrong' })
  t.equal(answer.status, 403)
  t.same(JSON.parse(answer.text), { result: 'error', message: 'Authentication Failed' })
})

t.test('missing credentials are refused with "Authentication Failed"', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json' })
  t.equal(answer.status, 403)
  t.equal(pick(JSON.parse(answer.text), 'message'), 'Authentication Failed')
})

t.test('an authentication failure is answered in XML when no responsetype is sent', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl, { action: 'GetClients', identifier: 'nobody', secret: 'nothing' })
  t.equal(answer.status, 403)
  t.match(answer.contentType, /^text\/xml/)
  t.match(answer.text, '<result>error</result><message>Authentication Failed</message>')
})

t.test('legacy username and password fields carry the same credential', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json', username: sb.identifier, password: sb.secret })
  t.equal(answer.status, 200)
  t.equal(pick(JSON.parse(answer.text), 'result'), 'success')
})

t.test('custom credentials from the options are enforced', async t => {
  const sb = await start(t, { identifier: 'my-id', secret: 'my-secret' })
  t.equal(sb.identifier, 'my-id')
  const ok = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json', identifier: 'my-id', secret: 'my-secret' })
  t.equal(ok.status, 200)
  const refused = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json', identifier: 'sandbox-identifier', secret: 'sandbox-secret' })
  t.equal(refused.status, 403)
})

t.test('a client address outside the allow-list is refused with "Invalid IP <address>"', async t => {
  const sb = await start(t, { allowedIps: ['203.0.113.7'] })
  const { status, body } = await api(sb, 'GetClients')
  t.equal(status, 403)
  t.same(body, { result: 'error', message: 'Invalid IP 127.0.0.1' })
})

t.test('the access key lets a request past an IP allow-list that admits nobody', async t => {
  const sb = await start(t, { allowedIps: [], accessKey: 'k3y!(x)' })
  t.equal(sb.accessKey, 'k3y!(x)')
  const { status, body } = await api(sb, 'GetClients', { accesskey: 'k3y!(x)', limitnum: '1' })
  t.equal(status, 200)
  t.equal(body.result, 'success')
})

t.test('a wrong access key does not bypass the IP allow-list', async t => {
  const sb = await start(t, { allowedIps: [], accessKey: 'right' })
  const { status, body } = await api(sb, 'GetClients', { accesskey: 'wrong' })
  t.equal(status, 403)
  t.match(body.message, /^Invalid IP /)
})

t.test('the access key does not replace the credentials', async t => {
  const sb = await start(t, { allowedIps: [], accessKey: 'right' })
  const answer = await post(sb.apiUrl, { action: 'GetClients', responsetype: 'json', accesskey: 'right' })
  t.equal(answer.status, 403)
  t.equal(pick(JSON.parse(answer.text), 'message'), 'Authentication Failed')
})

t.test('an unknown action is answered with HTTP 200 and WHMCS\'s not-found message', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'NoSuchAction')
  t.equal(status, 200)
  t.same(body, { result: 'error', message: 'The requested API Action could not be found.' })
})

t.test('a request without an action is answered like an unknown action', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl, { ...credentials(sb), responsetype: 'json' })
  t.equal(pick(JSON.parse(answer.text), 'message'), 'The requested API Action could not be found.')
})

t.test('action names are matched case-insensitively', async t => {
  const sb = await start(t)
  for (const name of ['getclients', 'GETCLIENTS', 'GetClients']) {
    const { body } = await api(sb, name, { limitnum: '1' })
    t.equal(body.result, 'success', name)
  }
})

t.test('other paths get an HTML 404 page', async t => {
  const sb = await start(t)
  const answer = await post(sb.url + '/api.php', { ...credentials(sb), action: 'GetClients' })
  t.equal(answer.status, 404)
  t.match(answer.contentType, /^text\/html/)
  t.match(answer.text, '<h1>Not Found</h1>')
})

t.test('methods other than POST are refused with 405', async t => {
  const sb = await start(t)
  const res = await fetch(sb.apiUrl + '?action=GetClients')
  t.equal(res.status, 405)
  t.equal(res.headers.get('allow'), 'POST')
  await res.text()
})

t.test('a doubled api.php path is refused with "An admin user is required"', async t => {
  const sb = await start(t)
  const answer = await post(sb.apiUrl + '/includes/api.php', { ...credentials(sb), action: 'GetClients', responsetype: 'json' })
  t.equal(answer.status, 403)
  t.equal(pick(JSON.parse(answer.text), 'message'), 'An admin user is required')
})

t.test('a body that is not form-encoded is ignored, as PHP leaves $_POST empty', async t => {
  const sb = await start(t)
  const body = JSON.stringify({ ...credentials(sb), action: 'GetClients', responsetype: 'json' })
  const answer = await post(sb.apiUrl, body, 'application/json')
  t.equal(answer.status, 403)
  t.match(answer.text, 'Authentication Failed')
})

t.test('query-string fields are merged under the body fields, as PHP does', async t => {
  const sb = await start(t)
  const answer = await post(`${sb.apiUrl}?action=GetClients&responsetype=xml`, { ...credentials(sb), responsetype: 'json', limitnum: '1' })
  t.equal(answer.status, 200)
  t.equal(pick(JSON.parse(answer.text), 'numreturned'), 1)
})

t.test('JSON answers escape slashes and non-ASCII characters like PHP json_encode', async t => {
  const sb = await start(t)
  const details = await call(sb, 'GetClientsDetails', { clientid: '13', responsetype: 'json' })
  t.match(details.text, '"address1":"Unit 5\\/200 George Street"')
  const cafe = await call(sb, 'GetClientsDetails', { clientid: '7', responsetype: 'json' })
  t.match(cafe.text, '"companyname":"Caf\\u00e9 Luna \\ud83c\\udf19"')
  t.equal(pick(JSON.parse(cafe.text), 'client.companyname'), 'Café Luna 🌙')
})

t.test('the nvp response type prints flattened key=value pairs', async t => {
  const sb = await start(t)
  const answer = await call(sb, 'GetClients', { responsetype: 'nvp', limitnum: '1' })
  t.match(answer.contentType, /^text\/plain/)
  t.match(answer.text, 'result=success;totalresults=32;startnumber=0;numreturned=1;clients[client][0][id]=1;')
})

t.test('every request is recorded with its raw body and its fields, bracket keys unparsed', async t => {
  const sb = await start(t)
  const body = `identifier=${sb.identifier}&secret=${sb.secret}&action=UpdateClient&clientid=1&email_preferences%5Bgeneral%5D=0&responsetype=json`
  await post(sb.apiUrl, body)
  await post(sb.apiUrl, { action: 'GetClients', identifier: 'x', secret: 'y' })
  await post(sb.apiUrl, 'action=GetClients', 'text/plain')
  t.equal(sb.calls.length, 3)
  t.same(sb.calls[0], {
    action: 'UpdateClient',
    responsetype: 'json',
    fields: { identifier: sb.identifier, secret: sb.secret, action: 'UpdateClient', clientid: '1', 'email_preferences[general]': '0', responsetype: 'json' },
    body
  })
  t.same(sb.calls[1], { action: 'GetClients', responsetype: '', fields: { action: 'GetClients', identifier: 'x', secret: 'y' }, body: 'action=GetClients&identifier=x&secret=y' })
  t.same(sb.calls[2], { action: '', responsetype: '', fields: {}, body: '' }, 'a body that is not form-encoded is not read')
})

t.test('reset() restores the seed and clears quirks and recorded calls', async t => {
  const sb = await start(t)
  const calls = sb.calls
  await api(sb, 'DeleteClient', { clientid: '1' })
  await api(sb, 'AddClient', { firstname: 'A', lastname: 'B', email: 'a.b@example.net', skipvalidation: '1' })
  sb.quirks.set('GetClients', { kind: 'html' })
  sb.reset()
  t.equal(sb.calls.length, 0)
  t.equal(sb.calls, calls, 'the calls array is cleared in place')
  t.same(sb.quirks.active(), [])
  const { body } = await api(sb, 'GetClients', { limitnum: '1' })
  t.equal(body.totalresults, 32)
  t.equal(pick(body, 'clients.client.0.firstname'), 'Zoë')
  const added = await api(sb, 'AddClient', { firstname: 'A', lastname: 'B', email: 'a.b@example.net', skipvalidation: '1' })
  t.equal(added.body.clientid, '33', 'new ids continue after the seed again')
})

t.test('a sandbox started without the seed has no clients', async t => {
  const sb = await start(t, { seed: false })
  const { body } = await api(sb, 'GetClients')
  t.equal(body.totalresults, 0)
  const added = await api(sb, 'AddClient', { firstname: 'A', lastname: 'B', email: 'a.b@example.net', skipvalidation: '1' })
  t.equal(added.body.clientid, '1')
})

t.test('the URLs point at the listening port with no trailing slash', async t => {
  const sb = await start(t)
  t.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(sb.apiUrl, sb.url + '/includes/api.php')
})

t.test('close() can be called twice', async t => {
  const sb = await start(t)
  await sb.close()
  await sb.close()
  await t.rejects(fetch(sb.apiUrl, { method: 'POST' }))
})

t.test('a body over PHP\'s 8 MB post_max_size is refused with 413', async t => {
  const sb = await start(t)
  const res = await fetch(sb.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'action=GetClients&notes=' + 'x'.repeat(9 * 1024 * 1024)
  }).then(r => r.status, (err: unknown) => err)
  // The sandbox answers 413 and closes; a client still sending may see the reset instead.
  t.ok(res === 413 || res instanceof Error, String(res))
})

t.test('a malformed request target gets 400 and the sandbox keeps serving', async t => {
  const sb = await start(t)
  const statusLine = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(new URL(sb.url).port), '127.0.0.1', () => {
      socket.write('POST http://[ HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
    })
    let received = ''
    socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
    socket.on('error', reject)
    socket.on('close', () => { resolve(received.split('\r\n')[0]) })
  })
  t.equal(statusLine, 'HTTP/1.1 400 Bad Request')
  t.equal((await api(sb, 'GetClients', { limitnum: '1' })).body.result, 'success')
})
