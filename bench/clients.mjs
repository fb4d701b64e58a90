// Throughput and latency of GET /clients/1 through the facade, against the same GetClientsDetails
// call sent straight to the WHMCS sandbox: what the facade costs on top of WHMCS.
//
//   npm run build && node bench/clients.mjs
//
// BENCH_DURATION (seconds per run, default 10) and BENCH_CONNECTIONS (default 10) tune it. The
// load generator runs in a worker thread; the sandbox and the facade share this process's main
// thread, so the facade's figures include the sandbox's work as well as its own.
import autocannon from 'autocannon'
import { startSandbox } from '../dist/src/sandbox/index.js'
import { start } from '../dist/src/server.js'

const duration = Number(process.env.BENCH_DURATION ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)

function run (opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, workers: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

const sandbox = await startSandbox()
const facade = await start({
  WHMCS_URL: sandbox.url,
  WHMCS_IDENTIFIER: sandbox.identifier,
  WHMCS_SECRET: sandbox.secret,
  PORT: '0',
  LOG_LEVEL: 'warn',
  // As in production: auth, rate limits (set high enough not to cap the run) and the governor on.
  API_KEYS: 'bench-api-key-0001',
  RATE_LIMIT_PER_MINUTE: '1000000'
})

const targets = [
  {
    name: 'facade   GET /clients/1',
    opts: { url: `${facade.url}/clients/1`, headers: { authorization: 'Bearer bench-api-key-0001' } }
  },
  {
    name: 'sandbox  POST GetClientsDetails',
    opts: {
      url: sandbox.apiUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        action: 'GetClientsDetails',
        clientid: '1',
        identifier: sandbox.identifier,
        secret: sandbox.secret,
        responsetype: 'json'
      }).toString()
    }
  }
]

try {
  // Both answer correctly before anything is measured.
  const check = await fetch(`${facade.url}/clients/1`, { headers: targets[0].opts.headers })
  if (check.status !== 200) throw new Error(`the facade answered ${check.status}: ${await check.text()}`)
  await check.arrayBuffer().catch(() => {})

  const rows = []
  for (const target of targets) {
    process.stderr.write(`warming up ${target.name.trim()}...\n`)
    await run({ ...target.opts, duration: 2 })
    process.stderr.write(`measuring ${target.name.trim()} for ${duration} s...\n`)
    const r = await run({ ...target.opts, duration })
    rows.push({
      name: target.name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      bad: r.non2xx + r.errors + r.timeouts
    })
  }

  const [viaFacade, direct] = rows
  const pad = (s, n) => String(s).padEnd(n)
  const num = (n, digits = 0) => n.toFixed(digits).padStart(9)
  const lines = [
    `${connections} connections, ${duration} s each, Node ${process.version}`,
    '',
    `${pad('target', 32)}   req/s   p50 ms   p99 ms   requests   failed`,
    ...rows.map((r) => `${pad(r.name, 32)}${num(r.rps)}${num(r.p50, 1)}${num(r.p99, 1)}${String(r.total).padStart(11)}${String(r.bad).padStart(9)}`),
    '',
    `facade / sandbox: req/s x${(viaFacade.rps / direct.rps).toFixed(2)}, p50 x${(viaFacade.p50 / Math.max(direct.p50, 0.001)).toFixed(2)}, p99 x${(viaFacade.p99 / Math.max(direct.p99, 0.001)).toFixed(2)}`
  ]
  process.stdout.write(lines.join('\n') + '\n')
  if (rows.some((r) => r.bad > 0)) process.exitCode = 1
} finally {
  await facade.fastify.close()
  await sandbox.close()
}
