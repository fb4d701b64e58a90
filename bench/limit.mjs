// limit: the physical floor of one facade request, measured in-process. Each of `connections`
// loops makes one loopback round trip to the upstream (the same WHMCS call, over an undici Pool
// with as many connections), then JSON.parse and JSON.stringify of the answer: what any service
// in front of WHMCS must do at least. Started by bench/run.mjs; answers over the IPC channel.
import { Pool } from 'undici'

const upstream = new URL(process.env.UPSTREAM_URL)
const pool = new Pool(upstream.origin, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 })

async function run ({ form, connections, durationMs, rate }) {
  const latencies = []
  let requests = 0
  let bytes = 0
  const until = performance.now() + durationMs
  // With a rate: each loop paces itself to rate / connections per second; without: as fast as it
  // can (closed model).
  const interval = rate > 0 ? (1000 * connections) / rate : 0
  async function loop (i) {
    let next = performance.now() + (interval * i) / connections
    while (performance.now() < until) {
      if (interval > 0) {
        const wait = next - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        next += interval
      }
      const t0 = performance.now()
      const res = await pool.request({
        method: 'POST',
        path: '/includes/api.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form
      })
      const out = JSON.stringify(JSON.parse(await res.body.text()))
      latencies.push(performance.now() - t0)
      bytes += out.length
      requests++
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)))
  return { requests, bytes, seconds: (performance.now() - started) / 1000, latencies }
}

process.on('message', async (msg) => {
  if (msg.type === 'run') process.send({ type: 'result', result: await run(msg) })
})
process.send({ type: 'ready' })
