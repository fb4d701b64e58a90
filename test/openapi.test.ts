import { readFileSync } from 'node:fs'
import t from 'tap'
import { buildDocument } from '../src/openapi-document.js'
import { build } from './helper.js'

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
  for (const name of ['Client', 'ClientSummary', 'ClientList', 'ClientCreate', 'ClientUpdate', 'ClientCreated', 'ClientInviteCreate', 'ClientInvite', 'Problem']) {
    t.ok(doc.components.schemas[name], `component ${name}`)
  }
  const yaml = await app.inject('/openapi.yaml')
  t.equal(yaml.statusCode, 200)
  t.match(yaml.headers['content-type'], /yaml/)
  t.match(yaml.body, /^openapi: 3\.1\.0/m)
})

t.test('every Clients operation is declared with its action, id, tag and problems', async (t) => {
  const doc = JSON.parse(await buildDocument()) as Doc
  const ops: Record<string, string> = {}
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op['x-whmcs-action'] === undefined) continue
      ops[op.operationId ?? ''] = `${method.toUpperCase()} ${path} ${op['x-whmcs-action']}`
      t.same(op.tags, ['Clients'], `${op.operationId} tag`)
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
  t.same(ops, {
    listClients: 'GET /clients GetClients',
    getClient: 'GET /clients/{id} GetClientsDetails',
    createClient: 'POST /clients AddClient',
    updateClient: 'PATCH /clients/{id} UpdateClient',
    deleteClient: 'DELETE /clients/{id} DeleteClient',
    closeClient: 'POST /clients/{id}/close CloseClient',
    createClientInvite: 'POST /clients/{id}/invites CreateClientInvite'
  })
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

t.test('PUBLIC_URL becomes the document\'s server', async (t) => {
  const { app } = await build(t, { publicUrl: 'https://api.example.com' })
  const doc = (await app.inject('/openapi.json')).json<{ servers: Array<{ url: string }> }>()
  t.same(doc.servers, [{ url: 'https://api.example.com' }])
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
