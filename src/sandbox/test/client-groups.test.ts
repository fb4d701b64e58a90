import t from 'tap'
import { api, call, pick, start } from './fixtures/helpers.js'

t.test('GetClientGroups answers every group in WHMCS\'s shape: numeric ids, money as text, flags as "on" or ""', async t => {
  const sb = await start(t)
  const { status, body } = await api(sb, 'GetClientGroups')
  t.equal(status, 200)
  t.equal(body.result, 'success')
  t.equal(body.totalresults, 3)
  const groups = pick(body, 'groups.group') as Array<Record<string, unknown>>
  t.equal(groups.length, 3)
  t.same(groups[0], { id: 1, groupname: 'VIP', groupcolour: '#f5d76e', discountpercent: '10.00', susptermexempt: 'on', separateinvoices: '' })
  t.same(groups[1], { id: 2, groupname: 'Resellers', groupcolour: '#8fd3fe', discountpercent: '15.00', susptermexempt: '', separateinvoices: 'on' })
  // WHMCS ignores paging parameters it does not take.
  const paged = await api(sb, 'GetClientGroups', { limitstart: '1', limitnum: '1' })
  t.equal((pick(paged.body, 'groups.group') as unknown[]).length, 3)
})

t.test('GetClientGroups in XML nests each group under <groups><group>', async t => {
  const sb = await start(t)
  const answer = await call(sb, 'GetClientGroups')
  t.equal(answer.status, 200)
  t.match(answer.text, '<result>success</result><totalresults>3</totalresults><groups><group><id>1</id><groupname>VIP</groupname>')
  t.equal(answer.text.match(/<group>/g)?.length, 3)
})
