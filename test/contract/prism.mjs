// Contract gate: the service answers what its document says, checked by a validator no one here
// wrote. Starts the built service on the embedded sandbox, puts Stoplight Prism in front of it in
// proxy mode with --errors, and sends traffic built from the document alone through the proxy:
//
//   success  every operation once with its documented examples (reads, then creates, then
//            changes, then deletes), expecting a 2xx;
//   missing  every operation with an integer path id, given one that does not exist: a 4xx problem;
//   keys     every operation with an unknown API key (401) and every write with a read-only
//            key (403);
//   upstream every WHMCS-backed operation while the sandbox answers HTML (502) and while it
//            refuses with a business error (4xx), through its quirk switch.
//
// Prism validates each request and each response against the document; with --errors it turns a
// violation into its own 422 (request) or 500 (response) with an `sl-violations` header, and
// either fails the gate, as does a request built from the document's own examples that the
// service does not answer as expected.
//
//   npm run build && node test/contract/prism.mjs
//
// CONTRACT_OPENAPI=path checks another document (e.g. a deliberately broken copy).
import { spawn } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort } from '../../bench/lib.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const documentPath = resolve(process.env.CONTRACT_OPENAPI ?? join(root, 'openapi/openapi.json'))
const serverPath = join(root, 'dist/src/server.js')
const prismPath = join(root, 'node_modules/.bin/prism')
const RUN_DEADLINE_MS = 120_000
const PRISM_START_MS = 30_000
/** A path id no sandbox record has, inside int32. */
const ABSENT_ID = 2_147_480_000
const METHOD_ORDER = { get: 0, post: 1, put: 2, patch: 3, delete: 4 }

const failures = []
const counts = { requests: 0, violations: 0 }
const startedAt = performance.now()
let prism
let service
let temp

function fail (what, detail) {
  failures.push(`${what}${detail ? `: ${detail}` : ''}`)
}

async function startPrism (document, target) {
  const port = await freePort()
  const child = spawn(prismPath, ['proxy', document, target, '--errors', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  })
  let output = ''
  child.stdout.on('data', (d) => { output += d })
  child.stderr.on('data', (d) => { output += d })
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`prism did not start in ${PRISM_START_MS} ms:\n${output}`)) }, PRISM_START_MS)
    const poll = setInterval(() => {
      if (/Prism is listening/.test(output)) { clearTimeout(timer); clearInterval(poll); resolve() }
    }, 50)
    child.once('exit', (code) => { clearTimeout(timer); clearInterval(poll); reject(new Error(`prism exited (${code}):\n${output}`)) })
  })
  return { child, url: `http://127.0.0.1:${port}`, output: () => output }
}

/** Follows a local $ref. */
function deref (document, node) {
  let n = node
  while (n && typeof n.$ref === 'string') {
    n = n.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o?.[k.replaceAll('~1', '/').replaceAll('~0', '~')], document)
  }
  return n
}

function exampleOf (document, node) {
  const n = deref(document, node)
  if (n === undefined) return undefined
  if (n.example !== undefined) return n.example
  if (Array.isArray(n.examples) && n.examples.length > 0) return n.examples[0]
  if (n.examples && typeof n.examples === 'object') {
    const first = Object.values(n.examples)[0]
    return deref(document, first)?.value
  }
  return n.schema ? exampleOf(document, n.schema) : undefined
}

/** Every operation of the document, with what is needed to call it. */
function operations (document) {
  const ops = []
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!(method in METHOD_ORDER)) continue
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(document, p))
      const body = op.requestBody ? deref(document, op.requestBody) : undefined
      const json = body?.content?.['application/json']
      const secured = (op.security ?? document.security ?? []).some((s) => Object.keys(s).length > 0)
      ops.push({
        id: op.operationId ?? `${method} ${path}`,
        method,
        path,
        action: op['x-whmcs-action'],
        secured,
        params,
        body: json === undefined ? undefined : { required: body.required === true, example: exampleOf(document, json) },
        responses: Object.keys(op.responses)
      })
    }
  }
  // Reads first, then creates, changes and deletes, so examples still name live records.
  const rank = (op) => METHOD_ORDER[op.method] * 2 + (op.path.includes('{') && op.method === 'post' ? 1 : 0)
  return ops.sort((a, b) => rank(a) - rank(b))
}

function urlFor (op, { absent = false } = {}) {
  let path = op.path
  const query = new URLSearchParams()
  for (const p of op.params) {
    const value = p.example ?? p.schema?.example ?? p.schema?.examples?.[0] ?? p.schema?.default
    if (p.in === 'path') {
      if (value === undefined) throw new Error(`${op.id}: path parameter ${p.name} has no example`)
      const integer = p.schema?.type === 'integer'
      path = path.replace(`{${p.name}}`, encodeURIComponent(String(absent && integer ? ABSENT_ID : value)))
    } else if (p.in === 'query' && p.required === true) {
      if (value === undefined) throw new Error(`${op.id}: required query parameter ${p.name} has no example`)
      query.set(p.name, String(value))
    }
  }
  const qs = query.toString()
  return `${path}${qs ? `?${qs}` : ''}`
}

async function send (op, key, { absent = false, label }) {
  const headers = {}
  if (key !== undefined) headers.authorization = `Bearer ${key}`
  if (op.params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) headers['idempotency-key'] = randomUUID()
  let body
  if (op.body !== undefined && (op.body.required || op.body.example !== undefined)) {
    if (op.body.example === undefined) {
      fail(`${op.id}`, 'its request body has no example to send')
      return undefined
    }
    headers['content-type'] = 'application/json'
    body = JSON.stringify(op.body.example)
  }
  const url = `${prism.url}${urlFor(op, { absent })}`
  counts.requests++
  const res = await fetch(url, { method: op.method.toUpperCase(), headers, body })
  const text = await res.text()
  const violations = res.headers.get('sl-violations')
  const prismError = /stoplight\.io\/prism\/errors#/.test(text)
  if (violations !== null || prismError) {
    counts.violations++
    fail(`${label} ${op.method.toUpperCase()} ${op.path} (${op.id})`, `${res.status} ${violations ?? text}`)
    return undefined
  }
  if (!op.responses.includes(String(res.status))) {
    fail(`${label} ${op.method.toUpperCase()} ${op.path}`, `status ${res.status} is not declared`)
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text }
}

function expect (op, label, res, ok, wanted) {
  if (res === undefined) return
  if (!ok(res.status)) fail(`${label} ${op.method.toUpperCase()} ${op.path} (${op.id})`, `expected ${wanted}, got ${res.status} ${res.text.slice(0, 300)}`)
  else if (res.status >= 400 && !res.type.startsWith('application/problem+json')) fail(`${label} ${op.method.toUpperCase()} ${op.path}`, `error answered as ${res.type}`)
}

async function main () {
  if (!existsSync(serverPath)) throw new Error('dist/src/server.js is missing: run `npm run build` first')
  if (!existsSync(prismPath)) throw new Error('node_modules/.bin/prism is missing: run `npm ci`')
  const document = JSON.parse(await readFile(documentPath, 'utf8'))

  // Two keys: everything, and every read scope only.
  temp = await mkdtemp(join(tmpdir(), 'whmcs-rest-prism-'))
  const full = `wr_${randomBytes(24).toString('base64url')}`
  const reader = `wr_${randomBytes(24).toString('base64url')}`
  const sha = (k) => createHash('sha256').update(k).digest('hex')
  const keysFile = join(temp, 'keys.json')
  await writeFile(keysFile, JSON.stringify({
    keys: [
      { id: 'full', name: 'contract: full access', hash: sha(full), scopes: ['*'] },
      { id: 'reader', name: 'contract: read only', hash: sha(reader), scopes: ['*:read'] }
    ]
  }))
  const documentFile = join(temp, 'openapi.json')
  await writeFile(documentFile, JSON.stringify(document))

  const logs = []
  const logStream = new Writable({ write (chunk, _encoding, callback) { logs.push(String(chunk)); callback() } })
  const { start } = await import(pathToFileURL(serverPath).href)
  // No response cache (it would answer the upstream-fault cases from the first call), and one
  // setting on the configuration allow-list, as an operator would put it.
  service = await start({
    PORT: '0', LOG_LEVEL: 'warn', API_KEYS_FILE: keysFile, RATE_LIMIT_PER_MINUTE: '100000', CACHE_TTL_MS: '0', CONFIG_SETTINGS_ALLOWED: 'SystemURL'
  }, { logStream })
  prism = await startPrism(documentFile, service.url)
  process.stdout.write(`prism: ${prism.url} → service ${service.url}\n`)

  const ops = operations(document)
  const backed = ops.filter((op) => op.action !== undefined)
  const succeeded = new Set()
  for (const op of ops) {
    const res = await send(op, op.secured ? full : undefined, { label: 'success' })
    expect(op, 'success', res, (s) => s >= 200 && s < 300, 'a 2xx')
    if (res !== undefined && res.status < 300) succeeded.add(op.id)
  }
  for (const op of backed.filter((o) => o.params.some((p) => p.in === 'path' && p.schema?.type === 'integer'))) {
    const res = await send(op, full, { absent: true, label: 'missing' })
    expect(op, 'missing', res, (s) => s >= 400 && s < 500, 'a 4xx')
  }
  for (const op of ops.filter((o) => o.secured)) {
    expect(op, 'unknown key', await send(op, 'wr_not-a-key-of-this-service-0000000000', { label: 'unknown key' }), (s) => s === 401, '401')
    if (op.method !== 'get') {
      expect(op, 'read-only key', await send(op, reader, { label: 'read-only key' }), (s) => s === 403, '403')
    }
  }
  for (const op of backed) {
    service.sandbox.quirks.set(op.action, { kind: 'html' })
    expect(op, 'upstream html', await send(op, full, { label: 'upstream html' }), (s) => s === 502, '502')
    service.sandbox.quirks.set(op.action, { kind: 'error', message: 'The request was refused for a reason the facade does not know' })
    expect(op, 'upstream refusal', await send(op, full, { label: 'upstream refusal' }), (s) => s >= 400 && s < 500, 'a 4xx')
    service.sandbox.quirks.clear(op.action)
  }
  process.stdout.write(`prism: ${ops.length} operations, ${succeeded.size} answered 2xx with their examples, ${counts.requests} requests, ${counts.violations} violations\n`)
  if (failures.length > 0 && logs.length > 0) process.stdout.write(`service log (warn and above):\n${logs.join('').trimEnd().replace(/^/gm, '  ')}\n`)
}

const deadline = setTimeout(() => {
  fail(`the gate finishes within ${RUN_DEADLINE_MS / 1000} s`)
  prism?.child.kill('SIGKILL')
  process.stdout.write(`FAIL: ${failures.join('\n  ')}\n`)
  process.exit(1)
}, RUN_DEADLINE_MS)

try {
  await main()
} catch (err) {
  fail('runner', err instanceof Error ? err.stack : String(err))
} finally {
  prism?.child.kill()
  await service?.fastify.close()
  if (temp !== undefined) await rm(temp, { recursive: true, force: true })
}
clearTimeout(deadline)

const total = `${((performance.now() - startedAt) / 1000).toFixed(1)} s`
if (failures.length === 0) {
  process.stdout.write(`PASS: every request and answer matched the document under Prism's proxy (${total})\n`)
  process.exit(0)
}
process.stdout.write(`FAIL: ${failures.length} problem(s) under Prism's proxy (${total}):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`)
process.exit(1)
