import t from 'tap'
import { sharedSerializers } from '../src/route.js'

t.test('equal response schemas share one compiled serializer; others get their own', async (t) => {
  const compile = sharedSerializers()({ Named: { $id: 'Named', type: 'object', properties: { a: { type: 'integer' } } } }, {})
  const route = (schema: unknown, httpStatus: string) => ({ method: 'GET', url: '/x', httpStatus, schema })
  const first = compile(route({ $ref: 'Named' }, '404'))
  t.equal(compile(route({ $ref: 'Named' }, '409')), first, 'the same schema under another status')
  const other = compile(route({ type: 'object', properties: { b: { type: 'string' } } }, '200'))
  t.not(other, first)
  t.equal(first({ a: 1, extra: true }), '{"a":1}', 'serializes by its schema')
  t.equal(other({ b: 'x' }), '{"b":"x"}')
})
