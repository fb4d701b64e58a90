import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /currencies lists the currencies with their rates, paged here', async (t) => {
  const { app } = await build(t)
  const all = (await app.inject('/currencies')).json<Page>()
  t.equal(all.meta.total, 3)
  t.same(all.data[0], { id: 1, code: 'USD', prefix: '$', suffix: ' USD', format: 2, rate: '1.00000' })
  const second = await app.inject('/currencies?limit=1&offset=1')
  t.same(second.json<Page>().data.map((c) => c.code), ['EUR'])
  t.same(second.json<Page>().meta, { total: 3, offset: 1, limit: 1 })
  t.match(second.headers.link, /<\/currencies\?limit=1&offset=2>; rel="next"/)
  t.match(second.json<Page>().data[0], { rate: '0.92000', format: 3 })
})
