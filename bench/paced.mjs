// An open-loop load generator for latency at a given rate: requests leave at even intervals
// (rate per second) whatever the answers do, over up to `connections` connections, and each
// one's latency is timed from when it left. autocannon's --overallRate is a per-second quota per
// connection (each connection sends its quota back to back, then waits for the next second), so
// its latencies at "half load" are those of bursts at full load.
import { Pool } from 'undici'

export async function paced ({ url, method = 'GET', headers = {}, body, rate, duration, connections }) {
  const target = new URL(url)
  const pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 })
  const path = `${target.pathname}${target.search}`
  const interval = 1000 / rate
  const total = Math.floor(rate * duration)
  const latencies = []
  let ok = 0
  let bad = 0
  let sent = 0
  let settled = 0
  const started = performance.now()
  await new Promise((resolve) => {
    const fire = () => {
      const t0 = performance.now()
      pool.request({ method, path, headers, body }).then(async (res) => {
        await res.body.dump()
        if (res.statusCode < 300) {
          ok++
          latencies.push(performance.now() - t0)
        } else {
          bad++
        }
      }, () => { bad++ }).finally(() => {
        if (++settled === total) resolve()
      })
    }
    const tick = () => {
      const now = performance.now()
      while (sent < total && started + sent * interval <= now) {
        sent++
        fire()
      }
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()))
    }
    if (total === 0) resolve()
    else tick()
  })
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  return { ok, bad, seconds, latencies }
}
