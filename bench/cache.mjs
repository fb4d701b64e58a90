// Cached reference reads and coalescing, measured on the WHMCS client itself (no route serves a
// cached action yet): against an upstream that takes `latencyMs` per answer, with the governor's
// configuration defaults (4 calls in flight), how fast WhmcsDetails is served from the cache
// against uncached, and how many upstream calls 100 concurrent identical reads make.
import { WhmcsClient } from '../dist/src/whmcs/client.js'
import { loadConfig } from '../dist/src/config.js'
import { IDENTIFIER, SECRET } from './common.mjs'
import { startUpstream } from './upstream.mjs'

async function rate (client, { cache, callers, seconds }) {
  let calls = 0
  let failed = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(Array.from({ length: callers }, async () => {
    while (performance.now() < until) {
      try {
        await client.call('WhmcsDetails', {}, { idempotent: true, cache })
        calls++
      } catch {
        failed++
      }
    }
  }))
  return { perSecond: calls / seconds, failed }
}

export async function runCache ({ latencyMs = 100, seconds = 3, callers = 32 } = {}) {
  const upstream = await startUpstream({ latencyMs })
  const { settings } = loadConfig({})
  const client = new WhmcsClient({
    url: upstream.url,
    identifier: IDENTIFIER,
    secret: SECRET,
    responseType: 'json',
    timeoutMs: 10_000,
    connections: 8,
    governor: settings.governor,
    deadlineMs: settings.requestDeadlineMs
  })
  const upstreamCalls = async () => (await (await fetch(`${upstream.url}/stats`)).json()).WhmcsDetails ?? 0
  try {
    // 100 identical reads at once, on a cold cache: coalescing makes them one upstream call.
    const concurrent = 100
    const before = await upstreamCalls()
    await Promise.all(Array.from({ length: concurrent }, () => client.call('WhmcsDetails', {}, { idempotent: true, cache: true })))
    const coalesced = (await upstreamCalls()) - before
    const uncached = await rate(client, { cache: false, callers, seconds })
    const cached = await rate(client, { cache: true, callers, seconds })
    return {
      latencyMs,
      maxConcurrency: settings.governor.maxConcurrency,
      cacheTtlMs: settings.governor.cacheTtlMs,
      concurrent,
      coalescedUpstreamCalls: coalesced,
      uncachedPerSecond: uncached.perSecond,
      cachedPerSecond: cached.perSecond,
      failed: uncached.failed + cached.failed
    }
  } finally {
    await client.close()
    await upstream.close()
  }
}
