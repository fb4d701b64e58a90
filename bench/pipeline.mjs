// Large lists, in-process: what the facade does to a GetClients answer of n rows (decode, the
// list route's own map through the normaliser and the field mapping, and the route's compiled
// response serializer) against the least any service must do to it (JSON.parse + JSON.stringify).
// The route and its serializer are the real ones, taken from the built app.
import Fastify from 'fastify'
import app, { fastifyOptions } from '../dist/src/app.js'
import { loadConfig } from '../dist/src/config.js'
import { decodeResponse } from '../dist/src/whmcs/decode.js'
import { routes } from '../dist/routes/clients/index.js'
import { IDENTIFIER, SECRET, upstreamForm } from './common.mjs'
import { median } from './lib.mjs'

/** The list route's serializer, as Fastify compiled it from the declared response schema. */
async function listSerializer (upstreamUrl) {
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  let serialize
  fastify.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.config.action === 'GetClients') {
      serialize ??= reply.getSerializationFunction(200, 'application/json') ?? reply.getSerializationFunction(200)
    }
  })
  const settings = loadConfig({}).settings
  await fastify.register(app, {
    whmcs: { url: upstreamUrl, identifier: IDENTIFIER, secret: SECRET, responseType: 'json', timeoutMs: 10_000, maxConnections: 2 },
    settings,
    keys: null,
    version: 'bench'
  })
  const res = await fastify.inject({ url: '/clients?limit=1' })
  await fastify.close()
  if (res.statusCode !== 200 || typeof serialize !== 'function') throw new Error(`could not capture the list serializer (${res.statusCode})`)
  return serialize
}

/** Nanoseconds per call of fn, run for about `ms` milliseconds. */
function timeIt (fn, ms) {
  let n = 0
  const start = process.hrtime.bigint()
  const until = performance.now() + ms
  let sink = 0
  while (performance.now() < until) {
    sink += fn().length
    n++
  }
  if (sink < 0) throw new Error('unreachable')
  return Number(process.hrtime.bigint() - start) / n
}

export async function runPipeline ({ upstreamUrl, sizes = [25, 250, 1000, 10_000], rounds = 5, sliceMs = 300 }) {
  const serialize = await listSerializer(upstreamUrl)
  const def = routes.find((r) => r.action === 'GetClients')
  const rows = []
  for (const n of sizes) {
    const res = await fetch(`${upstreamUrl}/includes/api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: upstreamForm('GetClients', { limitstart: 0, limitnum: n })
    })
    const text = await res.text()
    const input = { params: {}, query: { limit: n, offset: 0 }, body: {} }
    const baseline = () => JSON.stringify(JSON.parse(text))
    const decodeOnly = () => { decodeResponse('GetClients', 200, text, 'json'); return text }
    const facade = () => {
      const { data, total } = def.map(decodeResponse('GetClients', 200, text, 'json'), input)
      return serialize({ data, meta: { total, offset: 0, limit: n } })
    }
    // Both answer the same rows, or the comparison means nothing.
    const out = JSON.parse(facade())
    if (out.data.length !== n) throw new Error(`the list route answered ${out.data.length} rows of ${n}`)
    const base = []
    const full = []
    const decode = []
    const slice = Math.max(sliceMs, n >= 10_000 ? 3 * sliceMs : 0)
    for (let r = 0; r < rounds; r++) {
      // A B A B: the two alternate so that the machine's drift falls on both.
      base.push(timeIt(baseline, slice))
      full.push(timeIt(facade, slice))
      decode.push(timeIt(decodeOnly, slice / 3))
    }
    rows.push({ n, bytes: text.length, baseNs: median(base), facadeNs: median(full), decodeNs: median(decode) })
  }
  return rows
}
