import t from 'tap'
import { defineMapping, f } from '../../src/whmcs/fields.js'

const mapping = defineMapping({
  id: f.id('id', 'Id', { aliases: ['userid', 'clientid'] }),
  name: f.text('name', 'Name', { aliases: ['fullname'] }),
  status: f.enum('status', ['Active', 'Closed'] as const, 'Status'),
  groupId: f.ref('groupid', 'Group'),
  created: f.date('datecreated', 'Created')
})
const KEYS = ['id', 'name', 'status'] as const

t.test('a field is read from its WHMCS key, else from the first alias present', async (t) => {
  t.same(mapping.read({ id: 3, userid: 4, name: 'A' }, KEYS), { id: 3, name: 'A', status: '' })
  t.same(mapping.read({ clientid: '5', fullname: 'B' }, KEYS), { id: 5, name: 'B', status: '' }, 'a later alias when the earlier are absent')
  t.same(mapping.read({ userid: 6, clientid: 7, name: null, fullname: 'C' }, KEYS), { id: 6, name: '', status: '' },
    'a key present with null wins over the aliases after it')
})

t.test('all declared fields are read when none are named, in declaration order', async (t) => {
  const out = mapping.read({ id: 1, name: 'A', status: 'closed', groupid: 0, datecreated: '2020-02-03' })
  t.same(out, { id: 1, name: 'A', status: 'Closed', groupId: null, created: '2020-02-03' })
  t.same(Object.keys(out), ['id', 'name', 'status', 'groupId', 'created'])
})

t.test('enum values are matched whatever their case, unknown ones kept as answered', async (t) => {
  t.equal(mapping.read({ id: 1, status: 'Active' }, KEYS).status, 'Active')
  t.equal(mapping.read({ id: 1, status: 'ACTIVE' }, KEYS).status, 'Active')
  t.equal(mapping.read({ id: 1, status: 'Fraud' }, KEYS).status, 'Fraud')
})

t.test('field lists may be fresh arrays; a list naming an unknown field is refused', async (t) => {
  for (let i = 0; i < 3; i++) t.same(mapping.read({ id: i + 1 }, ['id']), { id: i + 1 })
  t.same(mapping.read(null, ['name']), { name: '' }, 'a missing record reads as empty')
  t.throws(() => mapping.read({ id: 1 }, ['id', 'nope' as 'id']), /no field named nope/)
})
