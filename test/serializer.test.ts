import t from 'tap'
import { sharedSerializers } from '../src/route.js'

t.test('each distinct response schema is compiled once, and serializes as Fastify would', async (t) => {
  const compile = sharedSerializers()({ Thing: { $id: 'Thing', type: 'object', properties: { id: { type: 'integer' } } } }, {})
  const problem = { $ref: 'Thing' }
  const first = compile({ method: 'GET', url: '/a', httpStatus: '404', schema: problem })
  t.equal(compile({ method: 'POST', url: '/b', httpStatus: '409', schema: { $ref: 'Thing' } }), first, 'the same schema elsewhere: the same serializer')
  const other = compile({ method: 'GET', url: '/a', httpStatus: '200', schema: { type: 'object', properties: { name: { type: 'string' } } } })
  t.not(other, first)
  t.equal(first({ id: 7, secret: 'x' }), '{"id":7}', 'undeclared properties are left out')
  t.equal(other({ name: 'Zoë' }), '{"name":"Zoë"}')
})
