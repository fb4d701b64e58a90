// The WhmcsClient over real HTTP: against the WHMCS sandbox, and against small node:http/node:net
// servers that misbehave in ways the sandbox cannot (odd paths, held requests, odd bodies).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import t, { type Test } from 'tap'
import { loadConfig } from '../../src/config.js'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { apiEndpoint, WhmcsClient, type WhmcsClientOptions } from '../../src/whmcs/client.js'
import { WhmcsApiError, WhmcsTransportError } from '../../src/whmcs/errors.js'
import { toId, toList } from '../../src/whmcs/normalize.js'
import { failure } from '../support/fixtures.js'

/** The configuration defaults of the upstream governor. */
const GOVERNOR = loadConfig({}).settings.governor

async function sandboxFor (t: Test, opts?: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox(opts)
  t.teardown(() => sandbox.close())
  return sandbox
}

function clientFor (t: Test, target: Sandbox | string, opts: Partial<WhmcsClientOptions> = {}): WhmcsClient {
  const base = typeof target === 'string'
    ? { url: target, identifier: 'raw-identifier', secret: 'raw-secret' }
    : { url: target.url, identifier: target.identifier, secret: target.secret }
  const client = new WhmcsClient({ ...base, responseType: 'json', timeoutMs: 2_000, connections: 4, ...opts })
  t.teardown(() => client.close())
  return client
}

interface Seen {
  method: string
  url: string
  body: string
}

/** A plain node:http server on 127.0.0.1; `handle` answers each request once its body has arrived. */
async function rawServer (t: Test, handle: (res: ServerResponse, seen: Seen, req: IncomingMessage) => void): Promise<{ url: string, seen: Seen[], server: Server }> {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') }
      seen.push(s)
      handle(res, s, req)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server }
}

const success = (res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end('{"result":"success","totalresults":0,"clients":""}')
}

// ---------------------------------------------------------------- endpoint

t.test('apiEndpoint appends includes/api.php to a bare origin', async (t) => {
  t.equal(apiEndpoint('https://billing.example.com').href, 'https://billing.example.com/includes/api.php')
})

t.test('apiEndpoint appends includes/api.php to a base path with or without a trailing slash', async (t) => {
  t.equal(apiEndpoint('https://example.com/whmcs').href, 'https://example.com/whmcs/includes/api.php')
  t.equal(apiEndpoint('https://example.com/whmcs/').href, 'https://example.com/whmcs/includes/api.php')
})

t.test('apiEndpoint keeps a full includes/api.php URL as it is and drops query and fragment', async (t) => {
  t.equal(apiEndpoint('https://example.com/whmcs/includes/api.php').href, 'https://example.com/whmcs/includes/api.php')
  t.equal(apiEndpoint('https://example.com/includes/api.php/').href, 'https://example.com/includes/api.php')
  t.equal(apiEndpoint('https://example.com/?a=1#top').href, 'https://example.com/includes/api.php')
})

for (const [label, suffix] of [['a bare origin', ''], ['an origin with a trailing slash', '/'], ['the full includes/api.php URL', '/includes/api.php']]) {
  t.test(`a base URL given as ${label} reaches POST /includes/api.php`, async (t) => {
    const sandbox = await sandboxFor(t)
    const client = clientFor(t, sandbox, { url: sandbox.url + suffix })
    t.equal(client.endpoint.pathname, '/includes/api.php')
    const result = await client.call('GetClients', { limitnum: 1 })
    t.equal(result.result, 'success')
    t.equal(sandbox.calls.length, 1)
    t.equal(sandbox.calls[0].action, 'GetClients')
  })
}

t.test('a base URL with a path puts includes/api.php under that path', async (t) => {
  const raw = await rawServer(t, success)
  const client = clientFor(t, `${raw.url}/whmcs/`)
  await client.call('GetClients', {})
  t.equal(raw.seen.length, 1)
  t.equal(raw.seen[0].method, 'POST')
  t.equal(raw.seen[0].url, '/whmcs/includes/api.php')
})

// ---------------------------------------------------------------- credentials

t.test('credentials and responsetype travel in the form body, never in the query string', async (t) => {
  const raw = await rawServer(t, success)
  const client = clientFor(t, raw.url, { identifier: 'id-in-body', secret: 'secret-in-body' })
  await client.call('GetClients', { limitnum: 5 })
  const { url, body } = raw.seen[0]
  t.notMatch(url, /\?/, 'no query string')
  const form = new URLSearchParams(body)
  t.equal(form.get('action'), 'GetClients')
  t.equal(form.get('limitnum'), '5')
  t.equal(form.get('identifier'), 'id-in-body')
  t.equal(form.get('secret'), 'secret-in-body')
  t.equal(form.get('responsetype'), 'json')
})

t.test('accesskey is not sent when none is configured', async (t) => {
  const sandbox = await sandboxFor(t)
  await clientFor(t, sandbox).call('GetClients', {})
  t.notOk('accesskey' in sandbox.calls[0].fields)
})

t.test('accesskey is sent when configured', async (t) => {
  const sandbox = await sandboxFor(t)
  await clientFor(t, sandbox, { accessKey: 'k3y-sent' }).call('GetClients', {})
  t.equal(sandbox.calls[0].fields.accesskey, 'k3y-sent')
})

t.test('with an empty IP allow-list a call without the access key is refused as Invalid IP', async (t) => {
  const sandbox = await sandboxFor(t, { allowedIps: [], accessKey: 'open-sesame' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsApiError)
  t.match(err.message, /^Invalid IP /)
})

t.test('with an empty IP allow-list a call with the access key succeeds', async (t) => {
  const sandbox = await sandboxFor(t, { allowedIps: [], accessKey: 'open-sesame' })
  const result = await clientFor(t, sandbox, { accessKey: 'open-sesame' }).call('GetClients', {})
  t.equal(result.result, 'success')
})

t.test('a wrong secret rejects with Authentication Failed and no credential in the error', async (t) => {
  const sandbox = await sandboxFor(t, { identifier: 'ident-Q7wR2', secret: 'right-secret-M4x' })
  const client = clientFor(t, sandbox, { secret: 'wrong-secret-Zp9' })
  const err = await failure(t, client.call('GetClients', {}))
  t.type(err, WhmcsApiError)
  t.equal(err.message, 'Authentication Failed')
  t.equal((err as WhmcsApiError).httpStatus, 403)
  for (const text of [String(err), JSON.stringify(err), err.stack ?? '', inspect(err, { depth: 10 })]) {
    t.notMatch(text, 'wrong-secret-Zp9')
    t.notMatch(text, 'right-secret-M4x')
    t.notMatch(text, 'ident-Q7wR2')
  }
})

// ---------------------------------------------------------------- response types

t.test('xml and json answers list the same client ids once normalised', async (t) => {
  const sandbox = await sandboxFor(t)
  const json = await clientFor(t, sandbox, { responseType: 'json' }).call('GetClients', { limitnum: 10 })
  const xml = await clientFor(t, sandbox, { responseType: 'xml' }).call('GetClients', { limitnum: 10 })
  t.equal(sandbox.calls[0].responsetype, 'json')
  t.equal(sandbox.calls[1].responsetype, 'xml')
  const ids = (raw: { clients?: unknown }): number[] => toList<{ id: unknown }>(raw.clients, 'client').map((c) => toId(c.id))
  t.ok(ids(json).length > 1)
  t.same(ids(xml), ids(json))
})

t.test('xml and json answers give the same client details', async (t) => {
  const sandbox = await sandboxFor(t)
  const json = await clientFor(t, sandbox, { responseType: 'json' }).call('GetClientsDetails', { clientid: 1 })
  const xml = await clientFor(t, sandbox, { responseType: 'xml' }).call('GetClientsDetails', { clientid: 1 })
  t.equal(json.client?.email, 'zoe.whitfield@example.co.uk')
  t.equal(xml.client?.email, json.client?.email)
  t.equal(toId(xml.client?.id), toId(json.client?.id))
})

// ---------------------------------------------------------------- request encoding

t.test('nested parameters reach WHMCS as PHP bracket keys with booleans as 1/0', async (t) => {
  const sandbox = await sandboxFor(t)
  await clientFor(t, sandbox).call('UpdateClient', { clientid: 1, email_preferences: { general: false, invoice: true } })
  const fields = sandbox.calls[sandbox.calls.length - 1].fields
  t.equal(fields['email_preferences[general]'], '0')
  t.equal(fields['email_preferences[invoice]'], '1')
})

// ---------------------------------------------------------------- decoding errors

t.test('a bare warning answer rejects with a WhmcsApiError signalled by warning', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'warning', message: 'Payment gateway is offline' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsApiError)
  t.equal((err as WhmcsApiError).signal, 'warning')
  t.equal(err.message, 'Payment gateway is offline')
})

t.test('a status error answer rejects with a WhmcsApiError signalled by status', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'status-error', message: 'Something went wrong' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsApiError)
  t.equal((err as WhmcsApiError).signal, 'status')
  t.equal(err.message, 'Something went wrong')
})

t.test('an answer signalling success by status alone (GetPermissionsList) is a success', async (t) => {
  const sandbox = await sandboxFor(t)
  const raw = await clientFor(t, sandbox).call('GetPermissionsList', {})
  t.equal(raw.result, undefined)
  t.equal(raw.status, 'success')
  t.same(toList(raw.permissions, 'permission').slice(0, 2), ['profile', 'contacts'])
  const { url } = await rawServer(t, (res) => {
    res.writeHead(200, { 'content-type': 'text/xml' })
    res.end('<?xml version="1.0" encoding="utf-8"?><whmcsapi><status>success</status><permissions><permission>profile</permission></permissions></whmcsapi>')
  })
  const xml = await clientFor(t, url, { responseType: 'xml' }).call('GetPermissionsList', {})
  t.equal(xml.status, 'success', 'in XML too')
})

t.test('status error beside result success is not an error: result decides when both are there', async (t) => {
  const { url } = await rawServer(t, (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"result":"success","status":"error","client":{"id":1}}')
  })
  const raw: Record<string, unknown> = await clientFor(t, url).call('GetClientsDetails', { clientid: 1 })
  t.equal(raw.status, 'error', 'a record field that happens to be called status')
})

t.test('a result error answer rejects with a WhmcsApiError carrying the action', async (t) => {
  const sandbox = await sandboxFor(t)
  const err = await failure(t, clientFor(t, sandbox).call('GetClientsDetails', { clientid: 999999 }))
  t.type(err, WhmcsApiError)
  t.equal((err as WhmcsApiError).signal, 'result')
  t.equal(err.action, 'GetClientsDetails')
})

t.test('an HTML page with status 200 rejects as a bad response', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'html' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsTransportError)
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
  t.match(err.message, /HTML/)
})

t.test('an HTML page with status 403 rejects as an HTTP error with that status', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'html', httpStatus: 403 })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsTransportError)
  t.equal(err.code, 'WHMCS_HTTP_ERROR')
  t.equal((err as WhmcsTransportError).httpStatus, 403)
})

t.test('an empty body rejects as a bad response', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'empty-body' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
})

t.test('a truncated JSON answer rejects as a bad response', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'truncated' })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
})

t.test('a truncated XML answer rejects as a bad response', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'truncated' })
  const err = await failure(t, clientFor(t, sandbox, { responseType: 'xml' }).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
})

t.test('a PHP notice printed before a JSON answer does not stop it being read', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClientsDetails', { kind: 'php-notice' })
  const result = await clientFor(t, sandbox).call('GetClientsDetails', { clientid: 1 })
  t.equal(result.result, 'success')
  t.equal(result.client?.email, 'zoe.whitfield@example.co.uk')
})

t.test('a PHP notice printed before an XML answer does not stop it being read', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClientsDetails', { kind: 'php-notice' })
  const result = await clientFor(t, sandbox, { responseType: 'xml' }).call('GetClientsDetails', { clientid: 1 })
  t.equal(result.result, 'success')
  t.equal(result.client?.email, 'zoe.whitfield@example.co.uk')
})

t.test('an HTTP 500 with a PHP fatal error rejects as an HTTP error', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'http-error', httpStatus: 500 })
  const err = await failure(t, clientFor(t, sandbox).call('GetClients', {}))
  t.type(err, WhmcsTransportError)
  t.equal(err.code, 'WHMCS_HTTP_ERROR')
  t.equal((err as WhmcsTransportError).httpStatus, 500)
})

t.test('an answer slower than the timeout rejects as a timeout', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'slow', delayMs: 1_500 })
  const client = clientFor(t, sandbox, { timeoutMs: 200 })
  const err = await failure(t, client.call('GetClients', {}))
  // The slow answer would have been a success: a timeout error means the client gave up first.
  t.equal(err.code, 'WHMCS_TIMEOUT')
})

t.test('a closed port rejects as unreachable', async (t) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const err = await failure(t, clientFor(t, `http://127.0.0.1:${port}`).call('GetClients', {}))
  t.type(err, WhmcsTransportError)
  t.equal(err.code, 'WHMCS_UNREACHABLE')
})

t.test('a JSON body that is not a WHMCS answer object rejects as a bad response', async (t) => {
  const raw = await rawServer(t, (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('[]')
  })
  const err = await failure(t, clientFor(t, raw.url).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
})

t.test('an answer announcing an oversized body rejects as a bad response without reading it', async (t) => {
  const raw = await rawServer(t, (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) })
    res.write('{"result":"success","pad":"')
  })
  const err = await failure(t, clientFor(t, raw.url).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
  t.match(err.message, /oversized/)
})

t.test('an oversized chunked answer without a content-length rejects as a bad response', async (t) => {
  const chunk = 'x'.repeat(1024 * 1024)
  const raw = await rawServer(t, (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"result":"success","pad":"')
    let sent = 0
    const more = (): void => {
      while (sent < 40) {
        sent++
        if (!res.write(chunk)) {
          res.once('drain', more)
          return
        }
      }
      res.end('"}')
    }
    more()
  })
  const err = await failure(t, clientFor(t, raw.url).call('GetClients', {}))
  t.equal(err.code, 'WHMCS_BAD_RESPONSE')
})

// ---------------------------------------------------------------- retry policy

t.test('a read is retried once when the connection is reset', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('GetClients', { kind: 'reset', times: 1 })
  const result = await clientFor(t, sandbox).call('GetClients', {}, { idempotent: true })
  t.equal(result.result, 'success')
  t.equal(sandbox.calls.length, 2)
})

t.test('a write is never retried when the connection is reset', async (t) => {
  const sandbox = await sandboxFor(t)
  sandbox.quirks.set('UpdateClient', { kind: 'reset', times: 1 })
  const err = await failure(t, clientFor(t, sandbox).call('UpdateClient', { clientid: 1, companyname: 'Once Only Ltd' }))
  t.equal(err.code, 'WHMCS_CONNECTION_RESET')
  t.equal(sandbox.calls.length, 1)
})

t.test('a read is retried at most readRetries times when the connection keeps being reset', async (t) => {
  for (const readRetries of [0, 1, 2]) {
    const sandbox = await sandboxFor(t)
    sandbox.quirks.set('GetClients', { kind: 'reset', times: 5 })
    const err = await failure(t, clientFor(t, sandbox, { governor: { ...GOVERNOR, readRetries } }).call('GetClients', {}, { idempotent: true }))
    t.equal(err.code, 'WHMCS_CONNECTION_RESET')
    t.equal(sandbox.calls.length, readRetries + 1, `${readRetries} retries: ${readRetries + 1} calls`)
  }
})

// ---------------------------------------------------------------- concurrency

async function holdingServer (t: Test): Promise<{ url: string, max: () => number }> {
  let inFlight = 0
  let max = 0
  const server = createServer((req, res) => {
    inFlight++
    max = Math.max(max, inFlight)
    req.resume()
    req.on('end', () => {
      setTimeout(() => {
        inFlight--
        success(res)
      }, 100)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, max: () => max }
}

t.test('no more calls are in flight at once than the connection cap', async (t) => {
  const held = await holdingServer(t)
  const client = clientFor(t, held.url, { connections: 2 })
  const results = await Promise.all(Array.from({ length: 10 }, () => client.call('GetClients', {})))
  t.equal(results.length, 10)
  t.ok(held.max() <= 2, `max concurrency ${held.max()} is at most 2`)
})

t.test('calls do run concurrently up to a higher connection cap', async (t) => {
  // Shows the server above can observe concurrency, so the cap test is not passing by accident.
  const held = await holdingServer(t)
  const client = clientFor(t, held.url, { connections: 10, governor: { ...GOVERNOR, maxConcurrency: 10 } })
  await Promise.all(Array.from({ length: 10 }, () => client.call('GetClients', {})))
  t.ok(held.max() > 2, `max concurrency ${held.max()} is above 2`)
})
