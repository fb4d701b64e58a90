// Summarises a V8 .cpuprofile (node --cpu-prof): self time by package and by function, idle
// excluded, from the first request handled on (start-up is left out).
// `node bench/profile.mjs FILE.cpuprofile [top]` prints it; run.mjs --profile uses it.
import { readFileSync } from 'node:fs'

/** Where a frame's code lives: our source, an npm package, Node's internals, or V8 itself. */
function owner (url) {
  if (url === '') return '(v8/native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return pkg[1]
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0]
  const ours = /\/dist\/((?:src|routes)\/.*)$/.exec(url)
  if (ours !== null) return `ours:${ours[1]}`
  return url
}

export function summarise (file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  // The first sample inside Fastify's request handling marks the end of start-up.
  const handling = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur).callFrame
      if (functionName === 'routeHandler' && url.includes('fastify')) return true
    }
    return false
  }
  const first = profile.samples.findIndex(handling)
  const self = new Map()
  for (let i = Math.max(0, first); i < profile.samples.length; i++) {
    const id = profile.samples[i]
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const byFunction = new Map()
  const byOwner = new Map()
  let total = 0
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    if (functionName === '(idle)') continue
    total += us
    const where = owner(url)
    const fn = `${functionName || '(anonymous)'} ${where}${url === '' ? '' : `:${lineNumber + 1}`}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
    const o = functionName.startsWith('(') ? functionName : where.startsWith('ours:') ? 'ours' : where.replace(/^node:.*/, 'node internals')
    byOwner.set(o, (byOwner.get(o) ?? 0) + us)
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1])
  return [
    `busy ${(total / 1e6).toFixed(1)} s of samples (idle and start-up excluded)`,
    '',
    'self time by owner:',
    ...sorted(byOwner).slice(0, 15).map(([k, us]) => `  ${pct(us)}  ${k}`),
    '',
    `top ${top} functions by self time:`,
    ...sorted(byFunction).slice(0, top).map(([k, us]) => `  ${pct(us)}  ${k}`)
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(summarise(process.argv[2], Number(process.argv[3] ?? 25)) + '\n')
}
