import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /permissions lists what a user may be allowed, from WHMCS\'s status-only answer', async (t) => {
  // Not cached, so that the second answer below is WHMCS's.
  const { app, sandbox } = await build(t, { settings: { governor: { cacheTtlMs: 0 } } })
  const res = await app.inject('/permissions')
  t.equal(res.statusCode, 200)
  const page = res.json<Page>()
  t.equal(page.meta.total, 13)
  t.same(page.data.slice(0, 3), [{ name: 'profile' }, { name: 'contacts' }, { name: 'products' }])
  t.same((await app.inject('/permissions?offset=12')).json<Page>().data, [{ name: 'orders' }])

  sandbox.quirks.set('GetPermissionsList', { kind: 'status-error', message: 'Permission denied' })
  const failed = await app.inject('/permissions')
  t.equal(failed.statusCode, 422, 'status: error is an error, as result: error is')
  t.match(failed.json(), { code: 'WHMCS_REJECTED', detail: 'Permission denied' })
})
