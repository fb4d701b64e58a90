// The facade against WHMCS's real-world shapes, produced by the sandbox's quirk switch: the loose
// types, list nesting, date forms and escaping real installs answer with.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number } }

t.test('list shapes all become the same page', async (t) => {
  const { app, sandbox } = await build(t)
  const reference = (await app.inject('/clients?limit=3')).json<Page>()
  const single = (await app.inject('/clients?limit=1')).json<Page>()

  t.test('a single object instead of a one-element array', async (t) => {
    sandbox.quirks.set('GetClients', { kind: 'single-object' })
    t.same((await app.inject('/clients?limit=1')).json(), single)
  })

  t.test('an object with numeric keys', async (t) => {
    sandbox.quirks.set('GetClients', { kind: 'numeric-keys' })
    t.same((await app.inject('/clients?limit=3')).json(), reference)
  })

  t.test('ids, counts and totals as numeric strings', async (t) => {
    sandbox.quirks.set('GetClients', { kind: 'numeric-strings' })
    const page = (await app.inject('/clients?limit=3')).json<Page>()
    t.same(page, reference)
    t.type(page.data[0].id, 'number')
    t.type(page.meta.total, 'number')
  })

  for (const kind of ['empty-string', 'empty-object', 'missing-list'] as const) {
    t.test(`an empty list given as ${kind}`, async (t) => {
      sandbox.quirks.set('GetClients', { kind })
      const res = await app.inject('/clients?search=no-such-client')
      t.equal(res.statusCode, 200)
      t.same(res.json<Page>().data, [])
    })
  }
  t.afterEach(async () => { sandbox.quirks.clear() })
})

t.test('HTML-escaped text is answered unescaped', async (t) => {
  const { app, sandbox } = await build(t)
  const created = await app.inject({ method: 'POST', url: '/clients', payload: { firstName: 'Seán', lastName: 'O\'Neill "Jr"', companyName: 'R&D <Labs>', email: 'sean@example.com', skipValidation: true } })
  const url = String(created.headers.location)
  const plain = (await app.inject(url)).json<Json>()
  sandbox.quirks.set('GetClientsDetails', { kind: 'html-escaped' })
  const escaped = (await app.inject(url)).json<Json>()
  t.equal(escaped.companyName, 'R&D <Labs>')
  t.equal(escaped.lastName, 'O\'Neill "Jr"')
  t.same(escaped, plain)
})

t.test('a numeric-string detail answer reads the same as a typed one', async (t) => {
  const { app, sandbox } = await build(t)
  const plain = (await app.inject('/clients/1?stats=true')).json<Json>()
  sandbox.quirks.set('GetClientsDetails', { kind: 'numeric-strings' })
  t.same((await app.inject('/clients/1?stats=true')).json(), plain)
})

t.test('WHMCS error signals become problems', async (t) => {
  const { app, sandbox } = await build(t)
  const cases: Array<[Parameters<typeof sandbox.quirks.set>[1], number, string]> = [
    [{ kind: 'warning', message: 'Payment Attempt Failed' }, 502, 'UPSTREAM_FAILED'],
    [{ kind: 'warning', message: 'Something odd happened' }, 422, 'WHMCS_REJECTED'],
    [{ kind: 'status-error', message: 'Client Not Found' }, 404, 'NOT_FOUND'],
    [{ kind: 'error', message: 'The requested API Action could not be found.' }, 501, 'ACTION_NOT_SUPPORTED'],
    [{ kind: 'error', message: 'Authentication Failed', httpStatus: 403 }, 502, 'UPSTREAM_AUTH_FAILED'],
    [{ kind: 'html' }, 502, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'html', httpStatus: 403 }, 502, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'empty-body' }, 502, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'truncated' }, 502, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'http-error', httpStatus: 500 }, 502, 'UPSTREAM_BAD_RESPONSE'],
    [{ kind: 'reset' }, 502, 'UPSTREAM_BAD_RESPONSE']
  ]
  for (const [quirk, status, code] of cases) {
    sandbox.quirks.set('GetClientsDetails', quirk)
    const res = await app.inject('/clients/1')
    t.equal(res.statusCode, status, `${quirk.kind} ${JSON.stringify(quirk)}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { code, status })
    t.notMatch(res.body, /<html|<b>|Fatal/i, 'no upstream body passed through')
  }
  sandbox.quirks.clear()
  t.equal((await app.inject('/clients/1')).statusCode, 200, 'answers normally once WHMCS does')
})

t.test('a PHP notice printed before the answer does not hide it', async (t) => {
  const { app, sandbox } = await build(t)
  sandbox.quirks.set('GetClientsDetails', { kind: 'php-notice' })
  const res = await app.inject('/clients/1')
  t.equal(res.statusCode, 200)
  t.equal(res.json<Json>().id, 1)
})

t.test('a read is retried once on a reset connection; a write never is', async (t) => {
  const { app, sandbox } = await build(t)
  sandbox.quirks.set('GetClientsDetails', { kind: 'reset', times: 1 })
  const before = sandbox.calls.length
  t.equal((await app.inject('/clients/1')).statusCode, 200)
  t.equal(sandbox.calls.length - before, 2, 'two calls: the reset one and the retry')

  sandbox.quirks.set('UpdateClient', { kind: 'reset', times: 1 })
  const mark = sandbox.calls.length
  const res = await app.inject({ method: 'PATCH', url: '/clients/1', payload: { notes: 'once' } })
  t.equal(res.statusCode, 502)
  t.equal(sandbox.calls.length - mark, 1, 'the write was sent once')
})

t.test('a slow WHMCS is a 504 problem', async (t) => {
  // undici checks header timeouts on a coarse timer (about half a second per tick), so the
  // sandbox waits far longer than the timeout: a loaded machine must not let the answer win.
  const { app, sandbox } = await build(t, { whmcs: { timeoutMs: 200 } })
  sandbox.quirks.set('GetClientsDetails', { kind: 'slow', delayMs: 10_000 })
  const res = await app.inject('/clients/1')
  t.equal(res.statusCode, 504)
  t.match(res.json(), { code: 'UPSTREAM_TIMEOUT' })
})

t.test('XML answers give the same resources as JSON', async (t) => {
  const json = await build(t)
  const xml = await build(t, { whmcs: { responseType: 'xml' } })
  for (const url of ['/clients?limit=30', '/clients?limit=1', '/clients?search=no-such-client', '/clients/1?stats=true', '/clients/2']) {
    const a = await json.app.inject(url)
    const b = await xml.app.inject(url)
    t.equal(b.statusCode, 200, url)
    t.same(b.json(), a.json(), `${url} reads the same in XML`)
  }
  t.equal(xml.sandbox.calls.at(-1)?.responsetype, 'xml')
  const missing = await xml.app.inject('/clients/99999')
  t.equal(missing.statusCode, 404, 'XML errors are read too')
  const created = await xml.app.inject({ method: 'POST', url: '/clients', payload: { firstName: 'X', lastName: 'Y', email: 'xml@example.com', skipValidation: true } })
  t.equal(created.statusCode, 201)
})

t.test('wrong WHMCS credentials are a 502 problem that reveals none of them', async (t) => {
  const { app } = await build(t, { whmcs: { secret: 'wrong-secret-value', identifier: 'wrong-identifier-value' } })
  const res = await app.inject('/clients')
  t.equal(res.statusCode, 502)
  t.match(res.json(), { code: 'UPSTREAM_AUTH_FAILED' })
  t.notMatch(res.body, /wrong-secret-value|wrong-identifier-value/)
})

t.test('an IP allow-list refusal is a 502 problem; the access key gets through', async (t) => {
  const denied = await build(t, { sandbox: { allowedIps: [], accessKey: 'k3y' } })
  const res = await denied.app.inject('/clients/1')
  t.equal(res.statusCode, 502)
  t.notMatch(res.body, /127\.0\.0\.1/)
  const allowed = await build(t, { sandbox: { allowedIps: [], accessKey: 'k3y' }, whmcs: { accessKey: 'k3y' } })
  t.equal((await allowed.app.inject('/clients/1')).statusCode, 200)
})

t.test('an unreachable WHMCS is a 503 problem', async (t) => {
  const { app } = await build(t, { whmcs: { url: 'http://127.0.0.1:9/' } })
  const res = await app.inject('/clients/1')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { code: 'UPSTREAM_UNAVAILABLE' })
})

t.test('every form of the WHMCS URL reaches includes/api.php', async (t) => {
  const { sandbox } = await build(t)
  for (const suffix of ['', '/', '/includes/api.php', '/includes/api.php/']) {
    const other = await build(t, { whmcs: { url: `${sandbox.url}${suffix}` } })
    t.equal((await other.app.inject('/clients/1')).statusCode, 200, `base URL + '${suffix}'`)
  }
})

// fast-json-stringify would turn a number into "12345" without a word; the mapping must not.
t.test('a WHMCS answer with a number for an email or a structure for text is a 502, not a 200', async (t) => {
  let client: Json = {}
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ result: 'success', client }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => { resolve() })))
  const { app } = await build(t, { whmcs: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } })
  const good = { id: 7, firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', postcode: 75002, status: 'Active' }

  client = good
  const ok = await app.inject('/clients/7')
  t.equal(ok.statusCode, 200)
  t.equal(ok.json<Json>().email, 'ada@example.com')
  t.equal(ok.json<Json>().postcode, '75002', 'a number in a free-text column reads as its text')

  for (const [name, bad, says] of [
    ['a number for the email', { ...good, email: 12345 }, /number where email/],
    ['a boolean for the email', { ...good, email: true }, /boolean where email/],
    ['an object for a name', { ...good, lastname: { first: 'x' } }, /structure where lastname/]
  ] as const) {
    client = bad
    const res = await app.inject('/clients/7')
    t.equal(res.statusCode, 502, name)
    t.equal(res.json<Json>().code, 'UPSTREAM_BAD_RESPONSE', name)
    t.match(String(res.json<Json>().detail), says, name)
  }

  client = { ...good, companyname: [] }
  t.equal((await app.inject('/clients/7')).json<Json>().companyName, '', 'PHP\'s empty array is empty text')
})
