import Fastify from 'fastify'
import t from 'tap'
import { Type } from 'typebox'
import { loadConfig } from '../../src/config.js'
import { itemRoute } from '../../src/route/define.js'
import { registerRoutes } from '../../src/route/register.js'
import { componentsOf, loadResources, resource } from '../../src/route/resource.js'
import { component, COMMON_COMPONENTS } from '../../src/schemas/common.js'
import { build } from '../support/helper.js'

const declaration = {
  url: '/x',
  operationId: 'x',
  summary: 'x',
  description: 'x',
  group: 'System',
  action: 'WhmcsDetails',
  status: 200,
  response: Type.Object({}),
  responseDescription: 'x',
  request: () => ({}),
  map: () => ({})
} as const

t.test('every folder of routes/ is a resource, loaded once', async (t) => {
  const resources = await loadResources()
  t.ok(resources.length >= 20, `${resources.length} resources`)
  t.equal(await loadResources(), resources, 'the second load answers the same list')
  const { app } = await build(t)
  const context = { fastify: app, settings: loadConfig({}).settings }
  const routes = resources.flatMap((r) => r.routes(context))
  const ids = routes.map((r) => r.operationId)
  t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
  // The cache holds reference reads only: a write, or a record every order changes, must not be there.
  const cached = routes.filter((r) => r.cache === true)
  t.same(cached.map((r) => r.action).sort(), ['GetCurrencies', 'GetPermissionsList', 'GetTLDPricing', 'WhmcsDetails'])
  t.ok(cached.every((r) => r.method === 'GET'))
})

t.test('a resource\'s components are its schemas module\'s exports with an $id', async (t) => {
  const Named = component('Named', Type.Object({}))
  const r = resource({ schemas: { Named, LIMIT: 5, plain: Type.String() }, routes: [] })
  t.same(r.schemas, [Named])
  t.same(r.routes({ fastify: Fastify(), settings: loadConfig({}).settings }), [])
})

t.test('components are each taken once, and two different schemas with one name are refused', async (t) => {
  const A = component('A', Type.Object({}))
  const one = resource({ schemas: { A }, routes: [] })
  const again = resource({ schemas: { A }, routes: [] })
  t.same(componentsOf(COMMON_COMPONENTS, [one, again]).map((s) => s.$id), ['Problem', 'PageMeta', 'A'])
  const other = resource({ schemas: { A: component('A', Type.Object({ x: Type.String() })) }, routes: [] })
  t.throws(() => componentsOf(COMMON_COMPONENTS, [one, other]), /Schema component A is declared twice/)
})

t.test('only a GET route may declare cache', async (t) => {
  const fastify = Fastify()
  t.throws(() => registerRoutes(fastify, [itemRoute({ ...declaration, method: 'POST', cache: true })]), /x: only a GET route may be cached/)
  t.doesNotThrow(() => registerRoutes(fastify, [itemRoute({ ...declaration, method: 'GET', cache: true })]))
})
