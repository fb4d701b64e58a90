// The process entry point, started as the server would be but with the test's own environment
// object and a captured log stream; every request is real HTTP.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, Server, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createServer } from 'node:http'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import { ConfigError } from '../src/config.js'
import { startSandbox, type Sandbox, type SandboxOptions } from '../src/sandbox/index.js'
import { start, type Started } from '../src/server.js'

interface Captured {
  stream: Writable
  text: () => string
  lines: () => Array<Record<string, unknown>>
}

function capture (): Captured {
  const chunks: string[] = []
  const stream = new Writable({
    write (chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString())
      callback()
    }
  })
  const text = (): string => chunks.join('')
  return {
    stream,
    text,
    lines: () => text().split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}

async function sandboxFor (t: Test, opts?: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox(opts)
  t.teardown(() => sandbox.close())
  return sandbox
}

async function startFor (t: Test, env: Record<string, string | undefined>, log = capture()): Promise<Started & { log: Captured }> {
  const started = await start({ PORT: '0', LOG_LEVEL: 'info', ...env }, { logStream: log.stream })
  t.teardown(() => started.fastify.close())
  return { ...started, log }
}

const TEST_KEY = 'test-api-key-0001'
const auth = { authorization: `Bearer ${TEST_KEY}` }

const towards = (sandbox: Sandbox, env: Record<string, string> = {}): Record<string, string> => ({
  WHMCS_URL: sandbox.url,
  WHMCS_IDENTIFIER: sandbox.identifier,
  WHMCS_SECRET: sandbox.secret,
  API_KEYS: TEST_KEY,
  ...env
})

/** Resolves with the connection error code, or 'connected' when something still listens. */
function probe (port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
  })
}

/**
 * The servers of this process that are listening right now. `listening` turns false as soon as a
 * server is closed, so this is exact where counting handles (which linger while closing) is not.
 */
function listeningServers (): Set<Server> {
  const handles = (process as unknown as { _getActiveHandles: () => unknown[] })._getActiveHandles()
  return new Set(handles.filter((h): h is Server => h instanceof Server && h.listening))
}

const added = <T>(before: Set<T>, after: Set<T>): T[] => [...after].filter((x) => !before.has(x))

// ---------------------------------------------------------------- embedded sandbox

t.test('without WHMCS_URL the server starts the embedded sandbox and says so in the log', async (t) => {
  const started = await startFor(t, {})
  t.ok(started.sandbox, 'a sandbox was started')
  const line = started.log.lines().find((l) => typeof l.msg === 'string' && /sandbox/i.test(l.msg))
  t.ok(line, 'a log line mentions the sandbox')
  t.equal(line?.sandbox, started.sandbox?.apiUrl)
})

t.test('the server logs the Swagger UI URL it listens on', async (t) => {
  const started = await startFor(t, {})
  t.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.ok(started.log.lines().some((l) => typeof l.msg === 'string' && l.msg.includes(`${started.url}/docs`)), 'a log line has the Swagger UI URL')
})

t.test('the started server answers the liveness probe over HTTP', async (t) => {
  const started = await startFor(t, {})
  const res = await fetch(`${started.url}/healthz`)
  t.equal(res.status, 200)
  t.same(await res.json(), { status: 'ok' })
})

t.test('the started server lists clients from the embedded sandbox over HTTP', async (t) => {
  const started = await startFor(t, {})
  t.match(started.demoKey, /^wr_/, 'a demo key is made for the sandbox')
  t.ok(started.log.text().includes(started.demoKey ?? '-'), 'and printed')
  t.equal((await fetch(`${started.url}/clients`)).status, 401, 'the API still needs the key')
  const res = await fetch(`${started.url}/clients`, { headers: { authorization: `Bearer ${started.demoKey ?? ''}` } })
  t.equal(res.status, 200)
  const body = await res.json() as { data: Array<{ id: number }> }
  t.ok(body.data.length > 0, 'the demo clients are listed')
  t.equal(body.data[0].id, 1)
})

t.test('closing the server also closes the embedded sandbox', async (t) => {
  const started = await start({ PORT: '0', LOG_LEVEL: 'silent' })
  t.teardown(() => started.sandbox?.close())
  const port = Number(new URL(started.sandbox?.url ?? 'http://127.0.0.1:0').port)
  t.equal(await probe(port), 'connected', 'the sandbox listens while the server runs')
  await started.fastify.close()
  t.equal(await probe(port), 'ECONNREFUSED')
})

// ---------------------------------------------------------------- configured WHMCS

t.test('with WHMCS_URL set the server calls that WHMCS and starts no sandbox', async (t) => {
  const sandbox = await sandboxFor(t, { identifier: 'ext-ident', secret: 'ext-secret' })
  const started = await startFor(t, towards(sandbox))
  t.equal(started.sandbox, undefined)
  t.equal(started.demoKey, undefined, 'no demo key against a real WHMCS')
  const res = await fetch(`${started.url}/clients/1`, { headers: auth })
  t.equal(res.status, 200)
  t.same(sandbox.calls.map((c) => c.action), ['GetClientsDetails'])
  t.equal(sandbox.calls[0].fields.identifier, 'ext-ident')
})

// ---------------------------------------------------------------- configuration errors

t.test('a bad PORT throws a ConfigError before anything listens', async (t) => {
  const before = listeningServers()
  const err = await start({ PORT: 'eighty' }).then(() => undefined, (e: unknown) => e)
  t.type(err, ConfigError)
  t.equal((err as ConfigError).variable, 'PORT')
  t.equal(added(before, listeningServers()).length, 0, 'no server was left listening')
})

t.test('without WHMCS_URL, a build that leaves the sandbox out fails with one line saying to set it', async (t) => {
  // The import a production image would see: node's own error for dist/src/sandbox/index.js missing.
  const empty = mkdtempSync(join(tmpdir(), 'no-sandbox-'))
  t.teardown(() => rmSync(empty, { recursive: true, force: true }))
  const missing = pathToFileURL(join(empty, 'sandbox', 'index.js')).href
  const before = listeningServers()
  const err = await start({ PORT: '0', HOST: '127.0.0.1' }, { loadSandbox: async () => await import(missing) }).then(() => undefined, (e: unknown) => e)
  t.type(err, ConfigError)
  t.equal((err as ConfigError).variable, 'WHMCS_URL')
  t.match((err as ConfigError).message, /^Invalid configuration: WHMCS_URL is required: this build has no embedded WHMCS sandbox/)
  t.notMatch((err as ConfigError).message, /\n/, 'one line')
  t.equal(added(before, listeningServers()).length, 0, 'no server was left listening')
})

t.test('a sandbox that fails to load for another reason is not reported as missing', async (t) => {
  const broken = new Error('boom')
  const err = await start({ PORT: '0', HOST: '127.0.0.1' }, { loadSandbox: async () => { throw broken } }).then(() => undefined, (e: unknown) => e)
  t.equal(err, broken)
})

t.test('a port that cannot be bound leaves no embedded sandbox running', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  const port = (blocker.address() as AddressInfo).port
  const before = listeningServers()
  const err = await start({ PORT: String(port), LOG_LEVEL: 'silent' }).then((s) => s.fastify.close(), (e: unknown) => e)
  const leaked = added(before, listeningServers())
  // Whatever the outcome, nothing may keep this test process alive.
  t.teardown(() => Promise.all(leaked.map((s) => new Promise((resolve) => s.close(resolve)))))
  t.match(err, { code: 'EADDRINUSE' })
  t.equal(leaked.length, 0, 'the sandbox started for the failed server was closed')
})

// ---------------------------------------------------------------- logs

t.test('trace logs carry request ids but never credentials, tokens or passwords', async (t) => {
  const secrets = {
    identifier: 'IDENT-visible-nowhere-4821',
    secret: 'SECRET-visible-nowhere-9377',
    wrongSecret: 'WRONGSECRET-visible-nowhere-1150',
    token: 'supersecret-token',
    password: 'PASSWORD-visible-nowhere-6604'
  }
  const sandbox = await sandboxFor(t, { identifier: secrets.identifier, secret: secrets.secret })
  const log = capture()
  const good = await startFor(t, towards(sandbox, { LOG_LEVEL: 'trace', API_KEYS: secrets.token }), log)
  const bad = await startFor(t, towards(sandbox, { LOG_LEVEL: 'trace', WHMCS_SECRET: secrets.wrongSecret, API_KEYS: secrets.token }), log)
  const headers = { authorization: `Bearer ${secrets.token}` }

  const list = await fetch(`${good.url}/clients`, { headers: { ...headers, 'x-request-id': 'req-list-1' } })
  t.equal(list.status, 200)
  const created = await fetch(`${good.url}/clients`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'x-request-id': 'req-create-2' },
    body: JSON.stringify({ firstName: 'Log', lastName: 'Watcher', email: 'log.watcher@example.net', password: secrets.password, skipValidation: true })
  })
  t.equal(created.status, 201)
  const refused = await fetch(`${bad.url}/clients/1`, { headers: { ...headers, 'x-request-id': 'req-refused-3' } })
  t.equal(refused.status, 502)
  t.equal((await refused.json() as { code: string }).code, 'UPSTREAM_AUTH_FAILED')
  t.equal(sandbox.calls.length, 3, 'all three calls reached WHMCS')

  const text = log.text()
  for (const [name, value] of Object.entries(secrets)) t.notOk(text.includes(value), `the log does not contain the ${name}`)
  for (const id of ['req-list-1', 'req-create-2', 'req-refused-3']) {
    t.ok(log.lines().some((l) => l.reqId === id), `the log has lines for request ${id}`)
  }
})

t.test('against a real WHMCS the server refuses to start without API keys', async (t) => {
  const sandbox = await sandboxFor(t)
  const err = await start(towards(sandbox, { API_KEYS: '', PORT: '0', LOG_LEVEL: 'silent' })).then((s) => s.fastify.close(), (e: unknown) => e)
  t.type(err, ConfigError)
  t.match((err as Error).message, /API_KEYS/)
})

t.test('AUTH_DISABLED=true starts without keys, with a warning', async (t) => {
  const sandbox = await sandboxFor(t)
  const started = await startFor(t, towards(sandbox, { API_KEYS: '', AUTH_DISABLED: 'true' }))
  t.equal((await fetch(`${started.url}/clients/1`)).status, 200)
  t.ok(started.log.lines().some((l) => l.level === 40 && /AUTH_DISABLED/.test(String(l.msg))), 'a warning is logged')
})

// ---------------------------------------------------------------- readiness

t.test('readiness answers 200 when WHMCS answers', async (t) => {
  const sandbox = await sandboxFor(t)
  const started = await startFor(t, towards(sandbox))
  const res = await fetch(`${started.url}/readyz`)
  const body = await res.json() as { status: string, whmcs: { ok: boolean, problem?: string } }
  t.equal(res.status, 200, `answered ${JSON.stringify(body)}`)
  t.equal(body.status, 'ready')
  t.equal(body.whmcs.ok, true)
  t.equal(sandbox.calls[0]?.action, 'WhmcsDetails')
})

t.test('readiness answers 503 with the problem code when the WHMCS secret is wrong', async (t) => {
  const sandbox = await sandboxFor(t)
  const started = await startFor(t, towards(sandbox, { WHMCS_SECRET: 'not-the-secret' }))
  const res = await fetch(`${started.url}/readyz`)
  t.equal(res.status, 503)
  const body = await res.json() as { status: string, whmcs: { ok: boolean, problem?: string } }
  t.equal(body.status, 'unavailable')
  t.equal(body.whmcs.ok, false)
  t.equal(body.whmcs.problem, 'UPSTREAM_AUTH_FAILED')
})

// ---------------------------------------------------------------- behind a proxy

t.test('TRUST_PROXY: a key\'s source addresses are checked against the caller a trusted proxy names', async (t) => {
  const sandbox = await sandboxFor(t)
  const dir = mkdtempSync(join(tmpdir(), 'trust-proxy-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const keysFile = join(dir, 'keys.json')
  const hash = createHash('sha256').update(TEST_KEY).digest('hex')
  writeFileSync(keysFile, JSON.stringify({ keys: [{ id: 'office', name: 'Office only', hash, scopes: ['*'], cidrs: ['203.0.113.0/24'] }] }))
  const env = { ...towards(sandbox), API_KEYS: undefined, API_KEYS_FILE: keysFile } as unknown as Record<string, string>
  const status = async (started: Started, forwarded?: string): Promise<number> =>
    (await fetch(`${started.url}/clients/1`, { headers: { ...auth, ...(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }) } })).status

  const direct = await startFor(t, env)
  t.equal(await status(direct, '203.0.113.7'), 403, 'without TRUST_PROXY anyone could claim an address: the TCP peer counts')

  const behindProxy = await startFor(t, { ...env, TRUST_PROXY: '127.0.0.1' })
  t.equal(await status(behindProxy, '203.0.113.7'), 200, 'the proxy on 127.0.0.1 says the caller is in the office')
  t.equal(await status(behindProxy), 403, 'a request from the proxy host itself is not from the office')
  t.equal(await status(behindProxy, '203.0.113.7, 198.51.100.1'), 403, 'what the caller claimed before the untrusted hop counts for nothing')
  const line = behindProxy.log.lines().find((l) => l.msg === 'incoming request' && (l.req as Record<string, unknown>)?.remoteAddress === '203.0.113.7')
  t.ok(line, 'the log names the caller, not the proxy')

  const oneHop = await startFor(t, { ...env, TRUST_PROXY: '1' })
  t.equal(await status(oneHop, '203.0.113.7'), 200)
  t.equal(await status(oneHop, '203.0.113.7, 198.51.100.1'), 403, 'one hop trusted: the address the proxy saw counts')
})
