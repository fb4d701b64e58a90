// A/B of two builds of the facade in one process, for optimisation work on a busy machine:
// both start as in production (start() of each build's dist/src/server.js: auth, info logs to a
// file, rate limit, governor) against one upstream (in a process of its own), and answer batches of injected requests in
// alternation; each batch's CPU time (process.cpuUsage, GC threads included) is divided by its
// requests, and the ratios of neighbouring batches give the verdict. Socket handling is left out
// (it is the same code in both builds), so what is compared is the facade's own work.
//
//   cp -r dist node_modules/.cache/bench/dist-before   # before the change
//   npm run build && node bench/ab.mjs node_modules/.cache/bench/dist-before dist
//   ... [--path /clients/1 --path '/clients?limit=25'] [--rounds 40] [--batch 200] [--concurrency 10]
import { createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { IDENTIFIER, SECRET } from './common.mjs'
import { forkChild, median, quantile } from './lib.mjs'

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    path: { type: 'string', multiple: true, default: ['/clients/1', '/clients?limit=25'] },
    rounds: { type: 'string', default: '40' },
    batch: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' }
  }
})
if (positionals.length !== 2) {
  process.stderr.write('usage: node bench/ab.mjs A_DIST B_DIST [--path P]... [--rounds N] [--batch N] [--concurrency N]\n')
  process.exit(2)
}
const API_KEY = 'bench-api-key-0001'
// In its own process, so that its CPU time is not counted.
const upstream = await forkChild(new URL('./upstream.mjs', import.meta.url), [], {})

async function startBuild (dist, name) {
  const { start } = await import(pathToFileURL(resolve(dist, 'src/server.js')).href)
  const logStream = createWriteStream(join(tmpdir(), `whmcs-rest-ab-${process.pid}-${name}.log`))
  const started = await start({
    WHMCS_URL: upstream.url,
    WHMCS_IDENTIFIER: IDENTIFIER,
    WHMCS_SECRET: SECRET,
    API_KEYS: API_KEY,
    LOG_LEVEL: 'info',
    PORT: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    WHMCS_QUEUE_LIMIT: '10000'
  }, { logStream })
  return { name, fastify: started.fastify }
}

const builds = [await startBuild(positionals[0], 'A'), await startBuild(positionals[1], 'B')]
const headers = { authorization: `Bearer ${API_KEY}` }

async function batch (fastify, url, n, concurrency) {
  let next = 0
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next++
      const res = await fastify.inject({ url, headers })
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
    }
  }))
  const used = process.cpuUsage(cpu)
  return (used.user + used.system) / n
}

try {
  const rounds = Number(opt.rounds)
  const n = Number(opt.batch)
  const concurrency = Number(opt.concurrency)
  for (const url of opt.path) {
    for (const b of builds) await batch(b.fastify, url, n, concurrency) // warm-up
    const a = []
    const bb = []
    for (let r = 0; r < rounds; r++) {
      // A B, then B A: neither always runs first.
      if (r % 2 === 0) {
        a.push(await batch(builds[0].fastify, url, n, concurrency))
        bb.push(await batch(builds[1].fastify, url, n, concurrency))
      } else {
        bb.push(await batch(builds[1].fastify, url, n, concurrency))
        a.push(await batch(builds[0].fastify, url, n, concurrency))
      }
    }
    const ratios = a.map((v, i) => bb[i] / v).sort((p, q) => p - q)
    process.stdout.write(`${url}: A ${median(a).toFixed(1)} µs/req, B ${median(bb).toFixed(1)} µs/req, B/A ${median(ratios).toFixed(3)}` +
      ` (middle half of ${rounds} rounds: ${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)})\n`)
  }
} finally {
  for (const b of builds) await b.fastify.close()
  await upstream.stop()
}
