// Orders and the catalogue against WHMCS's real-world shapes (lone objects for lists, strings for
// numbers, zero dates, escaped text), produced by the sandbox's quirk switch: every shape reads as
// the same resources, through the one list normaliser.
import t from 'tap'
import { build } from '../support/helper.js'

const URLS = ['/orders?limit=3', '/orders/2', '/orders?clientId=6', '/products?limit=5', '/products/4', '/products/8', '/promotions', '/promotions/SPRING10']

t.test('list shapes and scalar encodings all read as the same orders, products and promotions', async (t) => {
  const { app, sandbox } = await build(t)
  const reference = new Map<string, unknown>()
  for (const url of URLS) reference.set(url, (await app.inject(url)).json())
  t.afterEach(async () => { sandbox.quirks.clear() })

  for (const kind of ['single-object', 'numeric-keys', 'numeric-strings', 'html-escaped'] as const) {
    t.test(kind, async (t) => {
      for (const action of ['GetOrders', 'GetProducts', 'GetPromotions']) sandbox.quirks.set(action, { kind })
      for (const url of URLS) {
        const res = await app.inject(url)
        t.equal(res.statusCode, 200, url)
        t.same(res.json(), reference.get(url), `${url} with ${kind}`)
      }
    })
  }

  for (const kind of ['empty-string', 'empty-object', 'missing-list'] as const) {
    t.test(`empty lists given as ${kind}`, async (t) => {
      for (const action of ['GetOrders', 'GetProducts', 'GetPromotions']) sandbox.quirks.set(action, { kind })
      t.same((await app.inject('/orders?clientId=20')).json(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
      t.equal((await app.inject('/orders/999')).statusCode, 404)
      t.same((await app.inject('/products?groupId=99')).json(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
      t.equal((await app.inject('/promotions/NOPE')).statusCode, 404)
      // Product 1 has no configurable options: its empty lists take the quirk's shape too.
      t.same((await app.inject('/products/1')).json(), reference.get('/products?limit=5') === undefined ? undefined : (reference.get('/products?limit=5') as { data: unknown[] }).data[0])
    })
  }
})

t.test('XML answers give the same orders, products and promotions as JSON', async (t) => {
  const json = await build(t)
  const xml = await build(t, { whmcs: { responseType: 'xml' } })
  for (const url of URLS) {
    const a = await json.app.inject(url)
    const b = await xml.app.inject(url)
    t.equal(b.statusCode, 200, url)
    t.same(b.json(), a.json(), `${url} reads the same in XML`)
  }
  t.equal(xml.sandbox.calls.at(-1)?.responsetype, 'xml')
})
