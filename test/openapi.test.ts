import { readFileSync } from 'node:fs'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { KeyRing, rawKeys } from '../src/auth/keys.js'
import { loadConfig } from '../src/config.js'
import { buildDocument } from '../src/openapi-document.js'
import { loadResources } from '../src/route/resource.js'
import { actionNames } from '../src/sandbox/index.js'
import { build } from './support/helper.js'

interface Operation {
  operationId?: string
  tags?: string[]
  'x-whmcs-action'?: string
  responses: Record<string, { content?: Record<string, unknown> }>
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> }
}
type Doc = { openapi: string, paths: Record<string, Record<string, Operation>>, components: { schemas: Record<string, { examples?: unknown[] }> } }

t.test('the committed openapi/openapi.json is what `npm run openapi` writes', async (t) => {
  const committed = readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')
  t.equal(await buildDocument(), committed, 'stale: run `npm run openapi` and commit the result')
})

t.test('the served document is OpenAPI 3.1 with named components', async (t) => {
  const { app } = await build(t)
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json<Doc>()
  t.equal(doc.openapi, '3.1.0')
  // Every reference names a component of the document.
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1])
  t.ok(refs.length > 100, `${refs.length} references`)
  t.same([...new Set(refs)].filter((name) => doc.components.schemas[name] === undefined), [])
  const yaml = await app.inject('/openapi.yaml')
  t.equal(yaml.statusCode, 200)
  t.match(yaml.headers['content-type'], /yaml/)
  t.match(yaml.body, /^openapi: 3\.1\.0/m)
})

t.test('every action-backed operation is declared with its action, id, tag and problems', async (t) => {
  const doc = JSON.parse(await buildDocument()) as Doc & { tags: Array<{ name: string }> }
  const tags = doc.tags.map((tag) => tag.name)
  // Operations by tag (the WHMCS action group): operationId -> "METHOD path action".
  const byTag: Record<string, Record<string, string>> = {}
  const tagOf: Record<string, string> = {}
  const { app } = await build(t)
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op['x-whmcs-action'] === undefined) continue
      t.equal(op.tags?.length, 1, `${op.operationId} has one tag`)
      const tag = op.tags?.[0] ?? ''
      t.ok(tags.includes(tag), `${op.operationId} tag is a declared tag`)
      byTag[tag] = { ...byTag[tag], [op.operationId ?? '']: `${method.toUpperCase()} ${path} ${op['x-whmcs-action']}` }
      tagOf[op.operationId ?? ''] = tag
      for (const status of ['400', '404', '409', '422', '501', '502', '503', '504']) {
        t.ok(op.responses[status]?.content?.['application/problem+json'], `${op.operationId} declares ${status} as problem+json`)
      }
      const body = op.requestBody?.content['application/json']?.schema.$ref
      if (body !== undefined) {
        const name = body.split('/').pop() as string
        t.ok(doc.components.schemas[name].examples?.length, `${op.operationId} body ${name} has an example`)
      }
    }
  }
  // The document is the table of operations: it holds exactly the declared routes, each once, with
  // its action, and every action is one the sandbox plays.
  const declared = (await loadResources())
    .flatMap((r) => r.routes({ fastify: app, settings: loadConfig({}).settings }))
    .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')} ${r.action} ${r.operationId} ${r.group}`)
  const documented = Object.values(byTag).flatMap((ops) => Object.entries(ops))
    .map(([operationId, line]) => `${line} ${operationId} ${tagOf[operationId]}`)
  t.same(documented.sort(), declared.sort(), 'the document lists the declared routes')
  t.equal(new Set(documented.map((line) => line.split(' ')[3])).size, documented.length, 'operationIds are unique')
  const simulated = new Set(actionNames())
  t.same(documented.map((line) => line.split(' ')[2]).filter((action) => !simulated.has(action)), [], 'the sandbox plays every action')
})

t.test('operations that answer one-time secrets take no Idempotency-Key and are never replayed', async (t) => {
  const doc = JSON.parse(await buildDocument()) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }>, description: string, responses: Record<string, { headers?: Record<string, unknown> }> }>> }
  for (const path of ['/auth/login-validations', '/sso-tokens', '/oauth-credentials']) {
    const op = doc.paths[path].post
    t.notOk(op.parameters?.some((p) => p.name.toLowerCase() === 'idempotency-key'), `${path} takes no Idempotency-Key`)
    t.match(op.description, /never replayed/)
    for (const answer of Object.values(op.responses)) t.equal(answer.headers?.['Idempotent-Replayed'], undefined)
  }
  t.ok(doc.paths['/users'].post.parameters?.some((p) => p.name === 'idempotency-key'), 'other POSTs still take one')
})

t.test('Swagger UI is served from local assets at /docs', async (t) => {
  const { app } = await build(t)
  const page = await app.inject('/docs/')
  t.equal(page.statusCode, 200)
  t.match(page.body, /swagger-ui/)
  t.notMatch(page.body, /https?:\/\/(?!127\.0\.0\.1|localhost)[^"']*\.(js|css)/, 'no asset from another host')
  const js = await app.inject('/docs/static/swagger-ui-bundle.js')
  t.equal(js.statusCode, 200)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /default-src 'self'/, 'a content security policy is set')
  t.notMatch(csp, /upgrade-insecure-requests|swagger\.io/, 'no https upgrade of plain-http hosts, no third-party host')
})

t.test('PUBLIC_URL becomes the document\'s server; without it the server is relative', async (t) => {
  const { app } = await build(t, { publicUrl: 'https://api.example.com' })
  const doc = (await app.inject('/openapi.json')).json<{ servers: Array<{ url: string }> }>()
  t.match(doc.servers, [{ url: 'https://api.example.com', description: String, 'x-internal': true }])
  t.equal(doc.servers.length, 1)
  const committed = JSON.parse(await buildDocument()) as { servers: Array<{ url: string }> }
  t.match(committed.servers, [{ url: '/', description: /local.*staging.*production/, 'x-internal': true }])
  t.equal(committed.servers.length, 1)
})

t.test('every property of every component is described', async (t) => {
  const doc = JSON.parse(await buildDocument()) as { components: { schemas: Record<string, { properties?: Record<string, { description?: string, $ref?: string }> }> } }
  const undescribed: string[] = []
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    for (const [prop, def] of Object.entries(schema.properties ?? {})) {
      if (def.description === undefined && def.$ref === undefined) undescribed.push(`${name}.${prop}`)
    }
  }
  t.same(undescribed, [])
})

t.test('the headers declared on answers are the ones the service sends', async (t) => {
  type Headers = Record<string, { description?: string }>
  const doc = JSON.parse(await buildDocument()) as { paths: Record<string, Record<string, { operationId: string, responses: Record<string, { headers?: Headers }> }>> }
  const declared = (operationId: string, status: number): Headers => {
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) if (op.operationId === operationId) return op.responses[String(status)]?.headers ?? {}
    }
    throw new Error(`no operation ${operationId}`)
  }
  const keys = new KeyRing(rawKeys(['contract-key-0001']))
  const { app } = await build(t, { keys, settings: { rateLimitPerMinute: 13 } })
  const auth = { authorization: 'Bearer contract-key-0001' }
  const json = { ...auth, 'content-type': 'application/json' }
  const body = { firstName: 'Head', lastName: 'Ers', email: 'headers@example.com', skipValidation: true }
  const answers: Array<[string, number, InjectOptions]> = [
    ['listClients', 200, { url: '/clients', headers: auth }],
    ['createClient', 201, { method: 'POST', url: '/clients', headers: json, payload: JSON.stringify(body) }],
    ['closeClient', 204, { method: 'POST', url: '/clients/2/close', headers: auth }],
    ['listClients', 400, { url: '/clients?limit=0', headers: auth }],
    ['getClient', 401, { url: '/clients/1' }],
    ['getClient', 404, { url: '/clients/99999', headers: auth }],
    ['createClient', 413, { method: 'POST', url: '/clients', headers: json, payload: JSON.stringify({ ...body, notes: 'n'.repeat(1024 * 1024) }) }],
    ['createClient', 415, { method: 'POST', url: '/clients', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'x' }],
    ['validateLogin', 401, { method: 'POST', url: '/auth/login-validations', headers: json, payload: JSON.stringify({ email: 'liam.johnson@example.com', password: 'wrong' }) }]
  ]
  for (const [operationId, status, request] of answers) {
    const res = await app.inject(request)
    t.equal(res.statusCode, status, `${operationId} ${status}`)
    const headers = declared(operationId, status)
    t.ok(headers['RateLimit-Limit'] && headers['RateLimit-Remaining'] && headers['RateLimit-Reset'], `${operationId} ${status} declares the RateLimit headers`)
    for (const name of Object.keys(headers)) {
      // "Present when ..." headers are sent in some answers only; Link only when there is another page.
      if (/^Present when/.test(headers[name].description ?? '')) continue
      t.ok(res.headers[name.toLowerCase()] !== undefined, `${operationId} ${status} sends ${name}`)
    }
  }
  let limited = await app.inject({ url: '/clients/1', headers: auth })
  for (let i = 0; i < 13 && limited.statusCode !== 429; i++) limited = await app.inject({ url: '/clients/1', headers: auth })
  t.equal(limited.statusCode, 429)
  for (const name of Object.keys(declared('getClient', 429))) t.ok(limited.headers[name.toLowerCase()] !== undefined, `getClient 429 sends ${name}`)
  t.ok(declared('getClient', 429)['Retry-After'], 'a 429 declares Retry-After')
})
