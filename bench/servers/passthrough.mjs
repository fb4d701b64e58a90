// passthrough: the floor our framework choice allows. A bare Fastify route forwards the same
// WHMCS call over one undici Pool (configured as the facade's client configures its own) and
// returns the upstream body untouched: no auth, logging, validation, mapping or governor.
import Fastify from 'fastify'
import { Pool } from 'undici'
import { listen, upstreamForm } from '../common.mjs'

const upstream = new URL(process.env.UPSTREAM_URL)
const pool = new Pool(upstream.origin, {
  connections: Number(process.env.UPSTREAM_CONNECTIONS ?? 8),
  pipelining: 1,
  keepAliveTimeout: 4_000,
  keepAliveMaxTimeout: 30_000
})
const fastify = Fastify({ logger: false })

async function forward (reply, form) {
  const res = await pool.request({
    method: 'POST',
    path: '/includes/api.php',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form
  })
  const body = Buffer.from(await res.body.arrayBuffer())
  return reply.code(res.statusCode).type('application/json').send(body)
}

fastify.get('/clients/:id', (request, reply) =>
  forward(reply, upstreamForm('GetClientsDetails', { clientid: request.params.id })))
fastify.get('/clients', (request, reply) =>
  forward(reply, upstreamForm('GetClients', { limitstart: request.query.offset ?? 0, limitnum: request.query.limit ?? 25 })))

await listen((port) => fastify.listen({ host: '127.0.0.1', port }).then(() => fastify.server.address().port))
