// The benchmark: the facade against the alternatives and the physical limit, on loopback, all
// against the same fast WHMCS-protocol upstream (bench/upstream.mjs). Not a test: `npm test`
// never runs it. See bench/RESULTS.md for what it measured and README.md for how to run it.
//
//   npm run bench                                   # the full table (about 10 minutes)
//   npm run bench -- --duration 3 --rounds 1        # a quick look (also: --connections, --warmup)
//   npm run bench -- --only item,list,large,latency,pipeline,cache --scenarios facade,passthrough
//                                                   # sections and scenarios to run (default all)
//   npm run bench -- --upstream-latency 100         # an upstream as slow as a real WHMCS
//   npm run bench -- --soak                         # RSS of the facade over a 5-minute soak
//   npm run bench -- --profile --only item          # the servers under node --cpu-prof
//   npm run bench -- --keep-logs                    # keep the facade's log (removed by default)
//   npm run bench -- --facade-env WHMCS_MAX_CONCURRENCY=16   # try a setting on the facade
//                                                   # (repeatable; with --baseline dist: A/B)
//   npm run bench -- --baseline node_modules/.cache/bench/dist-before --scenarios baseline,facade
//                                                   # an earlier build (a copy of dist/ under the
//                                                   # repository) as the scenario `baseline`: A/B
//                                                   # figures for an optimisation
//
// Scenarios, each in its own process so that its RSS is its own:
//   facade       dist/src/server.js as in production: API key auth, info logs to a file, rate
//                limit (high enough not to trip) and the upstream governor on
//   passthrough  bare Fastify forwarding the same call over one undici Pool, body untouched
//   naive        Express + axios, JSON.parse, a hand-written map, res.json
//   direct       autocannon straight at the upstream: the call the facade makes, with no facade
//   limit        in-process loops: one loopback round trip + JSON.parse + JSON.stringify
// Throughput is measured with autocannon (closed loop: each connection sends its next request
// when the last is answered); latency at a given rate with bench/paced.mjs (open loop).
// Runs are interleaved (A B C D E, A B C D E, ...) so that the machine's drift falls on all.
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir, cpus } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { upstreamForm } from './common.mjs'
import { cpuOf, forkChild, freePort, median, mb, ms, quantile, sampleRss, sortNumbers, spawnServer, table, x } from './lib.mjs'
import { paced } from './paced.mjs'
import { runPipeline } from './pipeline.mjs'
import { runCache } from './cache.mjs'
import { summarise } from './profile.mjs'

const { values: opt } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '2' },
    'upstream-latency': { type: 'string', default: '0' },
    only: { type: 'string', default: 'item,list,large,latency,pipeline,cache' },
    scenarios: { type: 'string', default: 'facade,passthrough,naive,direct,limit' },
    soak: { type: 'boolean', default: false },
    'soak-minutes': { type: 'string', default: '5' },
    profile: { type: 'boolean', default: false },
    'keep-logs': { type: 'boolean', default: false },
    'facade-env': { type: 'string', multiple: true, default: [] },
    baseline: { type: 'string' },
    help: { type: 'boolean', default: false }
  }
})
if (opt.help) {
  const lines = readFileSync(new URL(import.meta.url), 'utf8').split('\n')
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')))
  process.stdout.write(header.map((l) => l.slice(3)).join('\n') + '\n')
  process.exit(0)
}

const DURATION = Number(opt.duration)
const ROUNDS = Number(opt.rounds)
const CONNECTIONS = Number(opt.connections)
const WARMUP = Number(opt.warmup)
const LATENCY = Number(opt['upstream-latency'])
const SECTIONS = new Set(opt.only.split(','))
const SCENARIOS = opt.scenarios.split(',')
const API_KEY = 'bench-api-key-0001'

const ENDPOINTS = {
  item: { label: 'GET /clients/1', path: '/clients/1', action: 'GetClientsDetails', params: { clientid: 1 }, rows: null },
  list: { label: 'GET /clients?limit=25', path: '/clients?limit=25', action: 'GetClients', params: { limitstart: 0, limitnum: 25 }, rows: 25 },
  large: { label: 'GET /clients?limit=250', path: '/clients?limit=250', action: 'GetClients', params: { limitstart: 0, limitnum: 250 }, rows: 250 }
}

const log = (line) => process.stderr.write(`${line}\n`)
const out = []
const print = (text = '') => { out.push(text); process.stdout.write(`${text}\n`) }

// ------------------------------------------------------------------ processes
const work = mkdtempSync(join(tmpdir(), 'whmcs-rest-bench-'))
const profileDir = join(work, 'profiles')
log(`bench: logs${opt.profile ? ' and profiles' : ''} in ${work}`)

const upstream = await forkChild(new URL('./upstream.mjs', import.meta.url), ['--upstream-latency', String(LATENCY)], {})
const procs = { upstream }
const facadeEnv = {
  WHMCS_URL: upstream.url,
  WHMCS_IDENTIFIER: 'bench-identifier',
  WHMCS_SECRET: 'bench-secret',
  API_KEYS: API_KEY,
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  // As in production, with budgets that the benchmark's load must not trip: the limits are
  // counted and the governor caps calls in flight (WHMCS_MAX_CONCURRENCY, default 4), but
  // neither refuses a request.
  RATE_LIMIT_PER_MINUTE: '1000000',
  WHMCS_QUEUE_LIMIT: '10000'
}
/** --facade-env settings: for the facade only, so that --baseline dist measures a setting. */
const facadeOnlyEnv = Object.fromEntries(opt['facade-env'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
if (opt.profile) mkdirSync(profileDir)
const profiled = (name) => (opt.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', `${name}.cpuprofile`] : [])

/** The facade's own server.js, started as in production, logging at info into a file. */
async function startFacade (name, dist, env = {}) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logFile = join(work, `${name}.log`)
  const proc = await spawnServer([...profiled(name), join(dist, 'src/server.js')], { ...facadeEnv, ...env, PORT: String(port) }, openSync(logFile, 'w'), `${url}/healthz`)
  return { ...proc, url, logFile }
}
procs.facade = await startFacade('facade', 'dist', facadeOnlyEnv)
if (opt.baseline !== undefined && SCENARIOS.includes('baseline')) procs.baseline = await startFacade('baseline', opt.baseline)
if (!opt.soak) {
  if (SCENARIOS.includes('passthrough')) procs.passthrough = await forkChild(new URL('./servers/passthrough.mjs', import.meta.url), [], { UPSTREAM_URL: upstream.url }, profiled('passthrough'))
  if (SCENARIOS.includes('naive')) procs.naive = await forkChild(new URL('./servers/naive.mjs', import.meta.url), [], { UPSTREAM_URL: upstream.url }, profiled('naive'))
  if (SCENARIOS.includes('limit')) procs.limit = await forkChild(new URL('./limit.mjs', import.meta.url), [], { UPSTREAM_URL: upstream.url })
}

// ------------------------------------------------------------------ load
function target (scenario, endpoint) {
  const e = ENDPOINTS[endpoint]
  switch (scenario) {
    case 'facade':
    case 'baseline': return { url: `${procs[scenario].url}${e.path}`, headers: { authorization: `Bearer ${API_KEY}` } }
    case 'direct': return {
      url: `${upstream.url}/includes/api.php`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: upstreamForm(e.action, e.params)
    }
    default: return { url: `${procs[scenario].url}${e.path}` }
  }
}

/** The process whose RSS a scenario is charged with. */
const pidOf = (scenario) => (scenario === 'direct' ? upstream.pid : procs[scenario].pid)

/** One timed run of a scenario: autocannon against a server, or the limit's own loops. */
async function load (scenario, endpoint, { duration = DURATION, connections = CONNECTIONS, rate = 0 } = {}) {
  const rss = sampleRss(pidOf(scenario))
  const cpuBefore = cpuOf(pidOf(scenario))
  let r
  if (scenario === 'limit') {
    const e = ENDPOINTS[endpoint]
    const child = procs.limit.child
    child.send({ type: 'run', form: upstreamForm(e.action, e.params), connections, durationMs: duration * 1000, rate })
    const { result } = await new Promise((resolve) => child.once('message', resolve))
    r = { ok: result.requests, bad: 0, seconds: result.seconds, latencies: result.latencies }
  } else if (rate > 0) {
    r = await paced({ ...target(scenario, endpoint), connections, duration, rate })
  } else {
    const latencies = []
    const res = await new Promise((resolve, reject) => {
      const instance = autocannon({ ...target(scenario, endpoint), connections, duration },
        (err, result) => (err ? reject(err) : resolve(result)))
      instance.on('response', (_client, status, _bytes, time) => { if (status < 300) latencies.push(time) })
    })
    r = { ok: res['2xx'], bad: res.non2xx + res.errors + res.timeouts, seconds: res.duration, latencies }
  }
  const { peak } = rss.stop()
  const cpuPerRequest = (cpuOf(pidOf(scenario)) - cpuBefore) / (r.ok + r.bad)
  const sorted = sortNumbers(r.latencies)
  return { rps: r.ok / r.seconds, bad: r.bad, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), peakRss: peak, cpuPerRequest, latencies: r.latencies }
}

/** Runs every scenario `rounds` times, interleaved, and pools the figures per scenario. */
async function interleaved (endpoint, scenarios, runOpts = {}) {
  const runs = Object.fromEntries(scenarios.map((s) => [s, []]))
  for (let round = 1; round <= ROUNDS; round++) {
    for (const s of scenarios) {
      log(`  ${ENDPOINTS[endpoint].label}  ${s.padEnd(11)} round ${round}/${ROUNDS}${runOpts.rate ? ` at ${runOpts.rate} req/s` : ''}`)
      runs[s].push(await load(s, endpoint, runOpts))
    }
  }
  const pooled = {}
  for (const s of scenarios) {
    const all = sortNumbers(runs[s].flatMap((r) => r.latencies))
    pooled[s] = {
      rps: median(runs[s].map((r) => r.rps)),
      rounds: runs[s].map((r) => Math.round(r.rps)),
      p50: quantile(all, 0.5),
      p99: quantile(all, 0.99),
      peakRss: Math.max(...runs[s].map((r) => r.peakRss)),
      cpuPerRequest: median(runs[s].map((r) => r.cpuPerRequest)),
      cpuRounds: runs[s].map((r) => r.cpuPerRequest),
      bad: runs[s].reduce((n, r) => n + r.bad, 0)
    }
  }
  return pooled
}

async function preflight (endpoint, scenarios) {
  for (const s of scenarios) {
    if (s === 'limit') continue
    const t = target(s, endpoint)
    const res = await fetch(t.url, { method: t.method ?? 'GET', headers: t.headers, body: t.body })
    const text = await res.text()
    if (res.status !== 200) throw new Error(`${s} ${ENDPOINTS[endpoint].label} answered ${res.status}: ${text.slice(0, 300)}`)
    const rows = ENDPOINTS[endpoint].rows
    const body = JSON.parse(text)
    const n = s === 'facade' || s === 'baseline' || s === 'naive' ? body.data?.length : body.clients?.client?.length
    if (rows !== null && n !== rows) throw new Error(`${s} ${ENDPOINTS[endpoint].label} answered ${n} rows`)
  }
}

const results = { date: new Date().toISOString(), node: process.version, nproc: cpus().length, options: opt, endpoints: {} }

/** The median of round-by-round ratios: each pair ran back to back, so they share the machine's state. */
const pairedRatio = (a, b) => median(a.map((v, i) => v / b[i]))

function throughputTable (endpoint, r) {
  const names = Object.keys(r)
  const rows = [['scenario', 'req/s', 'rounds', 'p50 ms', 'p99 ms', 'CPU µs/req', 'peak RSS MB', 'failed']]
  for (const s of names) {
    rows.push([s, Math.round(r[s].rps), r[s].rounds.join(' '), ms(r[s].p50), ms(r[s].p99), Math.round(r[s].cpuPerRequest), mb(r[s].peakRss), r[s].bad])
  }
  print(`### ${ENDPOINTS[endpoint].label}, ${CONNECTIONS} connections`)
  print()
  print(table(rows, ['l']))
  const ratio = (a, b) => (r[a] !== undefined && r[b] !== undefined ? x(r[a].rps / r[b].rps) : '-')
  print()
  if (LATENCY > 0) {
    print(`With a ${LATENCY} ms upstream, throughput is set by how many calls are in flight, not by CPU: the facade's governor allows` +
      ` WHMCS_MAX_CONCURRENCY (default 4) at once, ${Math.round(4000 / LATENCY)} req/s at most by design; passthrough's Pool has 8 connections;` +
      ' naive, direct and limit send every connection\'s call at once. Compare latency and CPU per request here.')
    print()
  }
  print(`facade/passthrough ${ratio('facade', 'passthrough')} (target ≥ 0.85×), facade/naive ${ratio('facade', 'naive')} (target ≥ 2×), facade/limit ${ratio('facade', 'limit')}` +
    (r.baseline !== undefined ? `, facade/baseline ${ratio('facade', 'baseline')}, CPU per request ${x(pairedRatio(r.facade.cpuRounds, r.baseline.cpuRounds))}` : ''))
  print('(CPU µs/req: the scenario\'s own process; for direct, the upstream\'s)')
  print()
}

try {
  if (opt.soak) {
    await soak()
  } else {
    print(`whmcs-rest benchmark, ${results.date}: Node ${process.version}, nproc ${results.nproc}, upstream latency ${LATENCY} ms,` +
      ` ${DURATION} s × ${ROUNDS} rounds per scenario, ${CONNECTIONS} connections`)
    print()
    const httpScenarios = SCENARIOS.filter((s) => s !== 'limit')
    for (const endpoint of ['item', 'list', 'large']) {
      if (!SECTIONS.has(endpoint)) continue
      await preflight(endpoint, httpScenarios)
      log(`warming up ${ENDPOINTS[endpoint].label}`)
      for (const s of SCENARIOS) await load(s, endpoint, { duration: WARMUP })
      const r = await interleaved(endpoint, SCENARIOS)
      results.endpoints[endpoint] = r
      throughputTable(endpoint, r)
    }
    if (SECTIONS.has('latency') && LATENCY === 0) await latencyAtHalfLoad()
    if (SECTIONS.has('pipeline')) await pipeline()
    if (SECTIONS.has('cache')) await cache()
  }
} finally {
  for (const p of Object.values(procs).reverse()) await p.stop()
  if (opt.profile) {
    for (const f of readdirSync(profileDir)) {
      print(`### CPU profile: ${join(profileDir, f)}`)
      print()
      print('```')
      print(summarise(join(profileDir, f), 30))
      print('```')
    }
  }
  // Counted, then removed: at info level a soak writes ~100 MB of log a minute.
  for (const p of [procs.facade, procs.baseline]) {
    if (p === undefined) continue
    const lines = readFileSync(p.logFile, 'utf8').split('\n').length - 1
    log(`bench: ${p === procs.facade ? 'the facade' : 'the baseline'} wrote ${lines} log lines${opt['keep-logs'] ? ` to ${p.logFile}` : ''}`)
    if (!opt['keep-logs']) rmSync(p.logFile)
  }
  if (!opt.profile && !opt['keep-logs']) rmSync(work, { recursive: true })
}

// ------------------------------------------------------------------ sections
/** Added latency over a direct upstream call, at half of the facade's peak load. */
async function latencyAtHalfLoad () {
  for (const endpoint of ['item', 'list']) {
    let peak = results.endpoints[endpoint]?.facade?.rps
    if (peak === undefined) {
      log(`measuring the facade's peak for ${ENDPOINTS[endpoint].label}`)
      peak = (await load('facade', endpoint)).rps
    }
    const rate = Math.max(1, Math.round(peak / 2))
    const scenarios = ['direct', 'facade', 'passthrough'].filter((s) => SCENARIOS.includes(s))
    const r = await interleaved(endpoint, scenarios, { rate })
    results.endpoints[`${endpoint}@half`] = { rate, ...r }
    const rows = [['scenario', 'req/s', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms']]
    for (const s of scenarios) {
      rows.push([s, Math.round(r[s].rps), ms(r[s].p50, 3), ms(r[s].p99, 3),
        s === 'direct' ? '' : ms(r[s].p50 - r.direct.p50, 3), s === 'direct' ? '' : ms(r[s].p99 - r.direct.p99, 3)])
    }
    print(`### ${ENDPOINTS[endpoint].label} at half the facade's peak (${rate} req/s offered), ${CONNECTIONS} connections`)
    print()
    print(table(rows, ['l']))
    print()
    print(`facade added latency: p50 ${ms(r.facade.p50 - r.direct.p50, 3)} ms (target ≤ 0.3), p99 ${ms(r.facade.p99 - r.direct.p99, 3)} ms (target ≤ 2)`)
    print()
  }
}

async function pipeline () {
  log('large lists in-process')
  const rows = await runPipeline({ upstreamUrl: upstream.url })
  results.pipeline = rows
  const t = [['rows', 'upstream KB', 'parse+stringify µs', 'facade µs', 'facade/base', 'decode µs', 'facade µs/row']]
  for (const r of rows) {
    t.push([r.n, (r.bytes / 1024).toFixed(0), (r.baseNs / 1e3).toFixed(0), (r.facadeNs / 1e3).toFixed(0), x(r.facadeNs / r.baseNs),
      (r.decodeNs / 1e3).toFixed(0), (r.facadeNs / 1e3 / r.n).toFixed(2)])
  }
  print('### Large lists in-process: decode + normalise + serialize vs JSON.parse + JSON.stringify of the same upstream answer')
  print()
  print(table(t))
  print()
  print('target: facade/base ≤ 1.5× at 250 and 10,000 rows; µs/row flat (linear)')
  print()
}

async function cache () {
  log('cached reference reads and coalescing (upstream latency 100 ms)')
  const r = await runCache({ latencyMs: 100 })
  results.cache = r
  print(`### Cached reference reads (WhmcsClient, upstream ${r.latencyMs} ms, governor cap ${r.maxConcurrency}, CACHE_TTL_MS ${r.cacheTtlMs})`)
  print()
  print(table([
    ['measure', 'value'],
    [`upstream calls for ${r.concurrent} concurrent identical WhmcsDetails`, r.coalescedUpstreamCalls],
    ['uncached calls/s (cache: false)', r.uncachedPerSecond.toFixed(0)],
    ['cached calls/s', r.cachedPerSecond.toFixed(0)],
    ['cached/uncached', x(r.cachedPerSecond / r.uncachedPerSecond)],
    ['failed calls', r.failed]
  ], ['l']))
  print()
  print('target: cached ≥ 50× uncached; 100 concurrent identical reads = 1 upstream call')
  print()
}

/** The facade under CONNECTIONS connections for --soak-minutes, alternating an item and a list. */
async function soak () {
  const minutes = Number(opt['soak-minutes'])
  print(`whmcs-rest soak, ${results.date}: Node ${process.version}, nproc ${results.nproc}, ${minutes} min, ${CONNECTIONS} connections, upstream latency ${LATENCY} ms`)
  print()
  await preflight('item', ['facade'])
  const rss = sampleRss(procs.facade.pid, 1000)
  const res = await new Promise((resolve, reject) => {
    autocannon({
      url: procs.facade.url,
      headers: { authorization: `Bearer ${API_KEY}` },
      requests: [{ path: ENDPOINTS.item.path }, { path: ENDPOINTS.list.path }],
      connections: CONNECTIONS,
      duration: minutes * 60
    }, (err, result) => (err ? reject(err) : resolve(result)))
  })
  const { samples } = rss.stop()
  const t0 = samples[0].t
  const rows = [['minute', 'mean RSS MB', 'max RSS MB']]
  const means = []
  for (let m = 0; m < minutes; m++) {
    const inMinute = samples.filter((s) => s.t - t0 >= m * 60_000 && s.t - t0 < (m + 1) * 60_000).map((s) => s.rss)
    if (inMinute.length === 0) continue
    const mean = inMinute.reduce((a, b) => a + b, 0) / inMinute.length
    means.push(mean)
    rows.push([m + 1, mb(mean), mb(Math.max(...inMinute))])
  }
  print(table(rows))
  print()
  // Growth: the last minute's mean RSS over the lowest minute after the first (which warms up).
  const settled = Math.min(...means.slice(1))
  const growth = means.length > 2 ? (means[means.length - 1] - settled) / settled : NaN
  print(`${Math.round(res['2xx'] / res.duration)} req/s, ${res.non2xx + res.errors + res.timeouts} failed; RSS of the last minute over the lowest minute after the first: ` +
    `${Number.isFinite(growth) ? `${(100 * growth).toFixed(1)} %` : '-'} (flat: ≤ 10 %); peak ${mb(Math.max(...samples.map((s) => s.rss)))} MB (target ≤ 120)`)
  results.soak = { minutes, means, growth }
}
