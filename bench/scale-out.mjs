// Two facade instances sharing a Redis, against one instance: duplicate writes under concurrent
// retries (must be 0) and read throughput (GET /clients/1) with 1 and with 2 instances on Redis,
// and with 1 instance keeping its state in memory (what Redis costs on each request).
//
//   npm run build && node bench/scale-out.mjs
//
// It starts Debian's redis-server on a free port (no persistence), the WHMCS sandbox in this
// process, and each facade instance as its own Node process (node dist/src/server.js), all on
// 127.0.0.1. The load generator runs in a worker thread. BENCH_DURATION (seconds per run,
// default 10), BENCH_CONNECTIONS (default 20) and BENCH_KEYS (idempotency keys, default 200)
// tune it. Everything shares this machine's cores, so 2 instances compete with the sandbox, the
// load generator and each other: read the throughput as a direction, not a capacity.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { Redis } from 'ioredis'
import { startSandbox } from '../dist/src/sandbox/index.js'
import { freePort } from './lib.mjs'

const duration = Number(process.env.BENCH_DURATION ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
const keys = Number(process.env.BENCH_KEYS ?? 200)
const API_KEY = 'bench-api-key-0001'
const headers = { authorization: `Bearer ${API_KEY}` }
const children = []

/** Spawns a process and waits until `ready()` says it is up. */
async function launch (command, args, env, ready) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  children.push(child)
  const failed = new Promise((_resolve, reject) => {
    child.once('error', (err) => reject(err.code === 'ENOENT' ? new Error(`${command} is not installed (for redis-server: apt-get install redis-server)`) : err))
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)))
  })
  failed.catch(() => {})
  for (let i = 0; i < 200; i++) {
    if (await Promise.race([ready().catch(() => false), failed])) return child
    await sleep(50)
  }
  throw new Error(`${command} did not start`)
}

async function startRedis () {
  const port = await freePort()
  await launch('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {}, async () => {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      await probe.connect()
      return (await probe.ping()) === 'PONG'
    } finally {
      probe.disconnect()
    }
  })
  return `redis://127.0.0.1:${port}`
}

/** A facade process; without `redisUrl`, one that keeps its state in memory. */
async function startInstance (sandbox, redisUrl, prefix) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  await launch(process.execPath, ['dist/src/server.js'], {
    WHMCS_URL: sandbox.url,
    WHMCS_IDENTIFIER: sandbox.identifier,
    WHMCS_SECRET: sandbox.secret,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    API_KEYS: API_KEY,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix })
  }, async () => (await fetch(`${url}/healthz`)).ok)
  return url
}

function load (opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections, workers: 1, headers, ...opts }, (err, result) => (err ? reject(err) : resolve(result)))
  })
}

/** `keys` keys, each sent 4 times at once, 2 to each instance (or 4 to one). */
async function duplicateWrites (sandbox, urls) {
  const before = sandbox.calls.filter((c) => c.action === 'AddClient').length
  const statuses = {}
  for (let i = 0; i < keys; i++) {
    const key = randomUUID()
    const body = JSON.stringify({
      firstName: 'Bench',
      lastName: `Retry ${i}`,
      email: `bench.${key}@example.com`,
      address1: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      postcode: '62701',
      countryCode: 'US',
      phoneNumber: '+1.2175550100',
      password: 'correct-horse-battery-staple'
    })
    const answers = await Promise.all([0, 1, 2, 3].map(async (n) => {
      const res = await fetch(`${urls[n % urls.length]}/clients`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key }, body })
      await res.arrayBuffer()
      return res.status
    }))
    for (const s of answers) statuses[s] = (statuses[s] ?? 0) + 1
  }
  const writes = sandbox.calls.filter((c) => c.action === 'AddClient').length - before
  return { keys, writes, duplicates: writes - keys, statuses }
}

const rows = []
let sandbox
try {
  const redisUrl = await startRedis()
  sandbox = await startSandbox()
  const prefix = `bench-${randomUUID().slice(0, 8)}:`
  const a = await startInstance(sandbox, redisUrl, prefix)
  const b = await startInstance(sandbox, redisUrl, prefix)
  const alone = await startInstance(sandbox)

  process.stderr.write(`duplicate writes: ${keys} keys x 4 concurrent requests over 2 instances...\n`)
  const dup = await duplicateWrites(sandbox, [a, b])

  for (const [name, urls] of [['1 instance, no Redis', [alone]], ['1 instance', [a]], ['2 instances', [a, b]]]) {
    const url = urls.map((u) => `${u}/clients/1`)
    process.stderr.write(`warming up ${name.trim()}...\n`)
    await load({ url, duration: 2 })
    process.stderr.write(`measuring ${name.trim()} for ${duration} s...\n`)
    const r = await load({ url, duration })
    rows.push({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, total: r.requests.total, bad: r.non2xx + r.errors + r.timeouts })
  }

  const num = (n, digits = 0) => n.toFixed(digits).padStart(9)
  const lines = [
    `Node ${process.version}, ${connections} connections, ${duration} s per run, Redis shared by the instances`,
    '',
    `duplicate writes: ${dup.duplicates} (${dup.keys} keys, ${dup.keys * 4} requests, ${dup.writes} AddClient calls; statuses ${JSON.stringify(dup.statuses)})`,
    '',
    'GET /clients/1            req/s   p50 ms   p99 ms   requests   failed',
    ...rows.map((r) => `${r.name.padEnd(22)}${num(r.rps)}${num(r.p50, 1)}${num(r.p99, 1)}${String(r.total).padStart(11)}${String(r.bad).padStart(9)}`),
    '',
    `2 / 1 instances: req/s x${(rows[2].rps / rows[1].rps).toFixed(2)}; Redis / memory with 1 instance: req/s x${(rows[1].rps / rows[0].rps).toFixed(2)}`
  ]
  process.stdout.write(lines.join('\n') + '\n')
  if (dup.duplicates !== 0 || rows.some((r) => r.bad > 0)) process.exitCode = 1
} finally {
  // The instances first, then Redis (the first child), so none logs Redis going away.
  for (const child of children.reverse()) child.kill('SIGTERM')
  await sandbox?.close()
}
