import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /products', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('pages the catalogue, which WHMCS answers whole', async (t) => {
    const res = await app.inject('/products?limit=4&offset=2')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.data.map((p) => p.id), [3, 4, 5, 6])
    t.same(page.meta, { total: 10, offset: 2, limit: 4 })
    t.match(res.headers.link, /rel="next".*rel="prev"/)
    t.same(Object.keys(sandbox.calls.at(-1)?.fields ?? {}).filter((k) => !['action', 'identifier', 'secret', 'responsetype'].includes(k)), [], 'no paging is sent to GetProducts')
  })

  t.test('filters by group and module under WHMCS\'s names', async (t) => {
    t.same((await app.inject('/products?groupId=3')).json<Page>().data.map((p) => p.id), [4, 5])
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetProducts', gid: '3' })
    t.same((await app.inject('/products?module=marketconnect')).json<Page>().data.map((p) => p.name), ['PositiveSSL DV', 'Wildcard SSL'])
    t.same((await app.inject('/products?groupId=99')).json<Page>(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
  })

  t.test('gives prices per currency as arrays of the cycles offered, in decimal strings', async (t) => {
    const res = await app.inject('/products/4')
    t.equal(res.statusCode, 200)
    const product = res.json<Json>()
    t.match(product, { id: 4, groupId: 3, type: 'server', name: 'VPS S', module: 'virtualizor', payType: 'recurring', allowQty: 1, productUrl: /vps-s$/ })
    t.same((product.pricing as Json[])[0], {
      currencyCode: 'USD',
      prefix: '$',
      suffix: ' USD',
      cycles: [
        { cycle: 'monthly', price: '12.00', setupFee: '10.00' },
        { cycle: 'quarterly', price: '34.50', setupFee: '0.00' },
        { cycle: 'annually', price: '132.00', setupFee: '0.00' }
      ]
    })
    t.same((product.pricing as Json[]).map((p) => p.currencyCode), ['USD', 'EUR', 'GBP'])
    t.same(product.customFields, [
      { id: 2, name: 'Hostname', description: 'Fully qualified hostname of the server', required: true },
      { id: 3, name: 'Root SSH public key', description: 'Installed for root at first boot', required: false }
    ])
    const options = product.configOptions as Json[]
    t.same(options.map((o) => [o.id, o.name, o.type]), [[2, 'Operating system', 'dropdown'], [3, 'Extra RAM', 'quantity'], [4, 'Daily backups', 'yesno'], [5, 'Control panel', 'radio']])
    t.match(options[1], { minQty: 0, maxQty: 16, options: [{ id: 7, name: 'GB' }] })
    const windows = (options[0].options as Json[])[3]
    t.match(windows, { id: 5, name: 'Windows Server 2022' })
    t.same(((windows.pricing as Json[])[0].cycles as Json[]).map((c) => `${String(c.cycle)} ${String(c.price)}`), [
      'monthly 15.00', 'quarterly 45.00', 'semiannually 90.00', 'annually 180.00', 'biennially 360.00', 'triennially 540.00'
    ])
  })

  t.test('one-time and free products have their own cycle', async (t) => {
    const once = (await app.inject('/products/8')).json<{ payType: string, pricing: Array<{ cycles: Json[] }> }>()
    t.equal(once.payType, 'onetime')
    t.same(once.pricing[0].cycles, [{ cycle: 'onetime', price: '49.00', setupFee: '0.00' }])
    const free = (await app.inject('/products/10')).json<{ pricing: Array<{ cycles: Json[] }> }>()
    t.same(free.pricing[2].cycles, [{ cycle: 'free', price: '0.00', setupFee: '0.00' }])
  })

  t.test('a product that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/products/999')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Product 999 does not exist' })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetProducts', pid: '999' })
  })
})
