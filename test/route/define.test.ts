import t from 'tap'
import { Type } from 'typebox'
import { accessOf, itemRoute } from '../../src/route/define.js'

t.test('access defaults from the method, and a declared access wins', async (t) => {
  t.equal(accessOf({ method: 'GET' }), 'read')
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) t.equal(accessOf({ method }), 'write', method)
  t.equal(accessOf({ method: 'POST', access: 'read' }), 'read')
})

t.test('a group must be one of the document\'s tags (checked by the type check)', async (t) => {
  const declaration = {
    method: 'GET',
    url: '/x',
    operationId: 'x',
    summary: 'x',
    description: 'x',
    action: 'WhmcsDetails',
    status: 200,
    response: Type.Object({}),
    responseDescription: 'x',
    request: () => ({}),
    map: () => ({})
  } as const
  t.equal(itemRoute({ ...declaration, group: 'Clients' }).group, 'Clients')
  // @ts-expect-error 'Client' is not a tag: a misspelt group would make a new scope.
  itemRoute({ ...declaration, group: 'Client' })
})
