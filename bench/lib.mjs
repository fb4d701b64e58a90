// Helpers of the benchmark: child processes, free ports, RSS sampling, percentiles, tables.
import { fork, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** A port free right now on 127.0.0.1. */
export async function freePort () {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssOf (pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? 0 : Number(m[1]) * 1024
  } catch {
    return 0
  }
}

/** CPU time (user + system) a process has used so far, in microseconds (Linux /proc). */
export function cpuOf (pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS
  } catch {
    return NaN
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100

/** Samples a process's RSS every `everyMs` until stop(); stop() returns { peak, samples }. */
export function sampleRss (pid, everyMs = 100) {
  const samples = []
  const take = () => { samples.push({ t: performance.now(), rss: rssOf(pid) }) }
  take()
  const timer = setInterval(take, everyMs)
  return {
    stop () {
      clearInterval(timer)
      take()
      return { peak: Math.max(...samples.map((s) => s.rss)), samples }
    }
  }
}

/** Forks a bench script that reports `{ url }` or `{ type: 'ready' }` over IPC once it listens. */
export async function forkChild (script, args, env, execArgv = []) {
  const child = fork(script, args, { env: { ...baseEnv(), ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const first = await new Promise((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)))
  })
  return { child, pid: child.pid, url: first.url, stop: () => stopChild(child) }
}

/** Spawns a Node program (the facade's own server.js) and waits until `healthUrl` answers 200. */
export async function spawnServer (args, env, stdout, healthUrl) {
  const child = spawn(process.execPath, args, { env: { ...baseEnv(), ...env }, stdio: ['ignore', stdout, 'inherit'] })
  let exited = null
  child.once('exit', (code) => { exited = code })
  for (let i = 0; i < 200; i++) {
    if (exited !== null) throw new Error(`${args.join(' ')} exited with ${exited}`)
    try {
      const res = await fetch(healthUrl)
      await res.arrayBuffer()
      if (res.status === 200) return { child, pid: child.pid, stop: () => stopChild(child) }
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  throw new Error(`${args.join(' ')} did not become healthy`)
}

/** Only what a Node program needs: the benchmark must not hand its own environment on. */
function baseEnv () {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' }
}

async function stopChild (child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** The q-quantile (0..1) of an ascending array. */
export function quantile (sorted, q) {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[i]
}

export const median = (values) => quantile([...values].sort((a, b) => a - b), 0.5)

export function sortNumbers (values) {
  const a = Float64Array.from(values)
  a.sort()
  return a
}

/** A markdown table: `rows` are arrays of cells, the first one is the header. */
export function table (rows, align = []) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  const line = (r) => `| ${r.map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`
  const rule = `| ${widths.map((w, i) => (align[i] === 'l' ? `${'-'.repeat(w - 1)}-` : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n')
}

export const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0)
export const ms = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '-')
export const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '-')
