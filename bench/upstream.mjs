// A minimal WHMCS-protocol responder for the benchmark: POST /includes/api.php with a form body,
// answered with canned JSON (bench/fixtures.mjs) and no other work, so that it is never the
// bottleneck. `latencyMs` delays every answer, as a real WHMCS (PHP + MySQL) takes ~100 ms.
// GET /stats answers the calls counted per action (to see coalescing), POST /stats/reset zeroes them.
//
// Run alone: node bench/upstream.mjs [--port 8081] [--upstream-latency 100]
import { createServer } from 'node:http'
import { IDENTIFIER, SECRET } from './common.mjs'
import { clientDetails, clientsPage, phpJson, whmcsDetails } from './fixtures.mjs'

const NOT_FOUND = Buffer.from(phpJson({ result: 'error', message: 'The requested API Action could not be found.' }))
const AUTH_FAILED = Buffer.from(phpJson({ result: 'error', message: 'Authentication Failed' }))

/** Canned bodies by key, built on first use (a 10,000-row page takes a while to build). */
const canned = new Map()
function body (key, build) {
  let b = canned.get(key)
  if (b === undefined) {
    b = Buffer.from(phpJson(build()))
    canned.set(key, b)
  }
  return b
}

function answer (form) {
  if (form.get('identifier') !== IDENTIFIER || form.get('secret') !== SECRET) return AUTH_FAILED
  switch (form.get('action')) {
    case 'GetClientsDetails': {
      // One canned client: the id does not change the cost of an answer.
      return body('details', () => clientDetails(1))
    }
    case 'GetClients': {
      const n = Math.min(10_000, Math.max(1, Number(form.get('limitnum') ?? 25) || 25))
      return body(`clients:${n}`, () => clientsPage(n))
    }
    case 'WhmcsDetails':
      return body('whmcs', whmcsDetails)
    default:
      return NOT_FOUND
  }
}

export async function startUpstream ({ port = 0, latencyMs = 0 } = {}) {
  const calls = Object.create(null)
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(calls))
      return
    }
    if (req.method === 'POST' && req.url === '/stats/reset') {
      for (const k of Object.keys(calls)) delete calls[k]
      res.end()
      req.resume()
      return
    }
    if (req.method !== 'POST' || req.url !== '/includes/api.php') {
      res.statusCode = 404
      res.end()
      req.resume()
      return
    }
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('latin1'))
      const action = form.get('action') ?? ''
      calls[action] = (calls[action] ?? 0) + 1
      const out = answer(form)
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length })
        res.end(out)
      }
      if (latencyMs > 0) setTimeout(send, latencyMs)
      else send()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    apiUrl: `${url}/includes/api.php`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name)
    return i === -1 ? fallback : Number(process.argv[i + 1])
  }
  const upstream = await startUpstream({ port: arg('--port', 0), latencyMs: arg('--upstream-latency', 0) })
  if (process.send !== undefined) process.send({ url: upstream.url })
  else process.stdout.write(`${upstream.apiUrl} (identifier ${IDENTIFIER}, secret ${SECRET})\n`)
}
