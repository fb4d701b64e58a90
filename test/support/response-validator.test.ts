import Fastify from 'fastify'
import t from 'tap'
import { validateResponses } from './response-validator.js'

t.test('an answer that breaks its declared schema fails the request that got it', async (t) => {
  const app = Fastify({ logger: false })
  t.teardown(() => app.close())
  validateResponses(app)
  // fast-json-stringify writes any string where a date is declared; the validator does not let it.
  const schema = { response: { 200: { type: 'object', required: ['d'], properties: { d: { type: 'string', format: 'date' } } } } }
  app.get('/good', { schema }, async () => ({ d: '2026-11-28' }))
  app.get('/bad', { schema }, async () => ({ d: 'yesterday' }))
  app.get('/undeclared', { schema }, async (_req, reply) => reply.code(202 as 200).send({ d: '2026-11-28' }))
  t.equal((await app.inject('/good')).statusCode, 200)
  const bad = await app.inject('/bad')
  t.equal(bad.statusCode, 500)
  t.match(bad.json<{ message: string }>().message, /does not match its schema: data\/d must match format "date"/)
  t.equal((await app.inject('/undeclared')).statusCode, 500, 'an undeclared status is caught too')
})
