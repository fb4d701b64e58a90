// A real redis-server (Debian's package; .ci/run installs it) on 127.0.0.1 and a free port, with
// no persistence, for the tests of the shared state. A missing redis-server fails the test that
// asked for one, saying how to install it: these tests are never skipped.
import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { closedPort } from './fixtures.js'

interface Teardown {
  teardown: (fn: () => unknown) => void
}

export interface RedisServer {
  port: number
  url: string
  /** Kills the server at once (SIGKILL): what a crash or a lost network looks like. */
  kill: () => Promise<void>
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart: () => Promise<void>
  /** Stops (SIGSTOP) and resumes (SIGCONT) it: connections stay open, nothing answers meanwhile. */
  pause: () => void
  resume: () => void
}

export const REDIS_MISSING = 'redis-server is not installed: install Debian\'s redis-server package (apt-get install redis-server); .ci/run installs it'

/** Whether something on the port answers PING with PONG. */
async function pong (port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean): void => { socket.destroy(); resolve(ok) }
    socket.setTimeout(500, () => { done(false) })
    socket.once('error', () => { done(false) })
    socket.once('connect', () => { socket.write('PING\r\n') })
    socket.once('data', (data) => { done(data.toString().startsWith('+PONG')) })
  })
}

export async function startRedis (t: Teardown): Promise<RedisServer> {
  const port = await closedPort()
  let child: ChildProcess | undefined

  const launch = async (): Promise<void> => {
    const proc = spawn('redis-server', [
      '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--loglevel', 'warning', '--dir', '/tmp'
    ], { stdio: ['ignore', 'ignore', 'pipe'] })
    child = proc
    const failed = new Promise<never>((_resolve, reject) => {
      proc.once('error', (err: NodeJS.ErrnoException) => { reject(err.code === 'ENOENT' ? new Error(REDIS_MISSING) : err) })
      proc.once('exit', (code) => { reject(new Error(`redis-server exited with ${String(code)} before it was ready`)) })
    })
    failed.catch(() => {})
    const started = Date.now()
    for (;;) {
      const ready = await Promise.race([pong(port), failed])
      if (ready) return
      if (Date.now() - started > 10_000) throw new Error(`redis-server did not answer on port ${port} within 10 s`)
      await sleep(20)
    }
  }

  const kill = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once('exit', () => { resolve() })
      proc.kill('SIGKILL')
      proc.kill('SIGCONT')
    })
  }

  t.teardown(kill)
  await launch()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: launch,
    pause: () => { child?.kill('SIGSTOP') },
    resume: () => { child?.kill('SIGCONT') }
  }
}
