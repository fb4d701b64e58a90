import t from 'tap'
import { sha256, KeyRing, type ApiKey } from '../../src/auth/keys.js'
import { build } from '../support/helper.js'

interface Page { data: Array<Record<string, unknown>>, meta: { total: number, offset: number, limit: number } }

t.test('GET /client-groups lists the groups with their discount and flags, paged here', async (t) => {
  const { app, sandbox } = await build(t)
  const all = await app.inject('/client-groups')
  t.equal(all.statusCode, 200)
  t.same(all.json<Page>().meta, { total: 3, offset: 0, limit: 25 })
  t.same(all.json<Page>().data[0], { id: 1, groupName: 'VIP', groupColour: '#f5d76e', discountPercent: '10.00', suspTermExempt: true, separateInvoices: false })
  t.same(all.json<Page>().data[1], { id: 2, groupName: 'Resellers', groupColour: '#8fd3fe', discountPercent: '15.00', suspTermExempt: false, separateInvoices: true })
  t.equal(sandbox.calls.at(-1)?.action, 'GetClientGroups')

  // WHMCS answers them all at once: the page is cut here, and no paging is sent to WHMCS.
  const second = await app.inject('/client-groups?limit=1&offset=1')
  t.same(second.json<Page>().data.map((g) => g.groupName), ['Resellers'])
  t.same(second.json<Page>().meta, { total: 3, offset: 1, limit: 1 })
  t.match(second.headers.link, /<\/client-groups\?limit=1&offset=2>; rel="next"/)
  t.notOk('limitstart' in (sandbox.calls.at(-1)?.fields ?? {}), 'no limitstart sent')
})

t.test('GET /client-groups needs clients:read and refuses unknown query parameters', async (t) => {
  const key = (id: string, scopes: string[]): ApiKey =>
    ({ id, name: id, hash: sha256(`${id}-key-0001`), scopes: new Set(scopes), allowed: null, ratePerMinute: null, revoked: false })
  const { app } = await build(t, { keys: new KeyRing([key('reader', ['clients:read']), key('billing', ['billing:read'])]) })
  const as = (id: string) => ({ authorization: `Bearer ${id}-key-0001` })
  t.equal((await app.inject({ url: '/client-groups', headers: as('reader') })).statusCode, 200)
  const refused = await app.inject({ url: '/client-groups', headers: as('billing') })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json<{ code: string }>().code, 'FORBIDDEN')
  t.equal((await app.inject({ url: '/client-groups?groupId=1', headers: as('reader') })).statusCode, 400)
})
