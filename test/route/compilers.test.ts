import t from 'tap'
import { nullableAsTypeList, referencedIds, sharedSerializers, textCoercingValidators } from '../../src/route/compilers.js'

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

t.test('nullable scalars are compiled as type lists, other unions as declared, the input untouched', async (t) => {
  const declared = {
    type: 'object',
    properties: {
      groupId: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }], description: 'Group' },
      date: { anyOf: [{ type: 'null' }, { type: 'string', format: 'date' }] },
      owner: { anyOf: [{ $ref: 'Named' }, { type: 'null' }] },
      either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      status: { anyOf: [{ type: 'string', enum: ['a'] }, { type: 'null' }] }
    }
  }
  const before = JSON.stringify(declared)
  const out = nullableAsTypeList(declared) as typeof declared
  t.same(out.properties.groupId, { type: ['integer', 'null'], minimum: 1, description: 'Group' })
  t.same(out.properties.date, { type: ['string', 'null'], format: 'date' })
  t.same(out.properties.owner, declared.properties.owner, 'a nullable reference stays a union')
  t.same(out.properties.either, declared.properties.either, 'a union of two types stays a union')
  t.same(out.properties.status, declared.properties.status, 'a nullable enum stays a union')
  t.equal(JSON.stringify(declared), before, 'the declared schema is not changed')

  const named = { Named: { $id: 'Named', type: 'object', properties: { a: { type: 'integer' } } } }
  const serialize = sharedSerializers()(named, {})({ method: 'GET', url: '/x', httpStatus: '200', schema: declared })
  t.equal(serialize({ groupId: null, date: '2026-01-02' }), '{"groupId":null,"date":"2026-01-02"}')
  t.equal(serialize({ groupId: 3, date: null }), '{"groupId":3,"date":null}')
})

t.test('a serializer is compiled with the shared schemas it refers to, directly or through others', async (t) => {
  const shared = {
    Money: { $id: 'Money', type: 'string' },
    Line: { $id: 'Line', type: 'object', properties: { amount: { $ref: 'Money' } } },
    Invoice: { $id: 'Invoice', type: 'object', properties: { lines: { type: 'array', items: { $ref: 'Line#' } } } },
    Unrelated: { $id: 'Unrelated', type: 'object', properties: { x: { type: 'integer' } } }
  }
  const schema = { type: 'object', properties: { invoice: { $ref: 'Invoice' }, self: { $ref: '#/properties/invoice' } } }
  t.same([...referencedIds(schema, shared)].sort(), ['Invoice', 'Line', 'Money'], 'through Invoice to Line and Money, not Unrelated')
  t.same([...referencedIds({ $ref: 'Missing' }, shared)], [], 'a reference to no shared schema is not followed')
  const serialize = sharedSerializers()(shared, {})({ method: 'GET', url: '/x', httpStatus: '200', schema: { $ref: 'Invoice' } })
  t.equal(serialize({ lines: [{ amount: '1.50', extra: 1 }] }), '{"lines":[{"amount":"1.50"}]}')
  t.throws(() => sharedSerializers()(shared, {})({ method: 'GET', url: '/y', httpStatus: '200', schema: { $ref: 'Missing' } }),
    'a reference to no shared schema still fails at compilation')
})

t.test('compilers are kept across contexts and apps with equal shared schemas, not across different ones', async (t) => {
  const factory = sharedSerializers()
  const schemas = () => ({ Named: { $id: 'Named', type: 'object', properties: { a: { type: 'integer' } } } })
  const route = { method: 'GET', url: '/x', httpStatus: '200', schema: { $ref: 'Named' } }
  const first = factory(schemas(), {})(route)
  t.equal(factory(schemas(), {})({ ...route }), first, 'equal shared schemas as new objects: the same serializer')
  const changed = factory({ Named: { $id: 'Named', type: 'object', properties: { a: { type: 'string' } } } }, {})(route)
  t.not(changed, first, 'a shared schema with other content: its own serializer')
  t.equal(changed({ a: 'x' }), '{"a":"x"}')

  const validators = textCoercingValidators()
  const options = { customOptions: {}, plugins: [] }
  t.equal(validators(schemas(), options), validators(schemas(), options), 'validators: one compiler for equal shared schemas')
  t.not(validators(schemas(), options), validators({ Other: { $id: 'Other', type: 'string' } }, options))
})

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
