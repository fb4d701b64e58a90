import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { banner, parseCliArgs, runCli, USAGE } from '../cli.js'
import { api } from './fixtures/helpers.js'

t.test('the CLI defaults to 127.0.0.1:8081 with the demo data', async t => {
  t.same(parseCliArgs([]), { help: false, options: { port: 8081, host: '127.0.0.1', seed: true } })
})

t.test('the CLI reads port, host, credentials, access key, allowed IPs and --no-seed', async t => {
  const args = parseCliArgs(['--port', '9000', '--host', '0.0.0.0', '--identifier', 'id', '--secret', 's', '--access-key', 'k',
    '--allow-ip', '172.17.0.1', '--allow-ip', '10.0.0.2', '--no-seed'])
  t.same(args, {
    help: false,
    options: { port: 9000, host: '0.0.0.0', seed: false, identifier: 'id', secret: 's', accessKey: 'k', allowedIps: ['172.17.0.1', '10.0.0.2'] }
  })
})

t.test('the CLI banner states which client addresses are allowed', async t => {
  const sb = { url: 'http://h:1', apiUrl: 'http://h:1/includes/api.php', identifier: 'i', secret: 's' } as Parameters<typeof banner>[0]
  t.match(banner(sb), 'allowed IPs: 127.0.0.1, ::1 (loopback only)')
  t.match(banner(sb, ['172.17.0.1', '10.0.0.2']), 'allowed IPs: 172.17.0.1, 10.0.0.2')
  t.match(banner(sb, []), 'allowed IPs: none (access key only)')
})

t.test('the CLI passes --allow-ip to the sandbox', async t => {
  const sandbox = await runCli(['--port', '0', '--allow-ip', '203.0.113.9'], { out: () => {}, err: () => {} })
  if (sandbox === undefined) throw new Error('no sandbox')
  t.teardown(() => sandbox.close())
  const { status, body } = await api(sandbox, 'GetClients')
  t.equal(status, 403)
  t.equal(body.message, 'Invalid IP 127.0.0.1')
})

t.test('the CLI refuses a bad port and unknown options', async t => {
  t.throws(() => parseCliArgs(['--port', 'abc']), /invalid --port/)
  t.throws(() => parseCliArgs(['--port', '70000']), /invalid --port/)
  t.throws(() => parseCliArgs(['--bogus']))
})

t.test('the CLI prints its usage with --help and starts nothing', async t => {
  const out: string[] = []
  const sandbox = await runCli(['-h'], { out: text => out.push(text), err: () => {} })
  t.equal(sandbox, undefined)
  t.same(out, [USAGE])
})

t.test('the CLI starts a working sandbox and prints its URLs, credentials and a curl example', async t => {
  const out: string[] = []
  const sandbox = await runCli(['--port', '0', '--secret', "it's secret", '--access-key', 'key'], { out: text => out.push(text), err: () => {} })
  t.ok(sandbox)
  if (sandbox === undefined) return
  t.teardown(() => sandbox.close())
  t.equal(out.length, 1)
  t.equal(out[0], banner(sandbox))
  t.match(out[0], `API URL:     ${sandbox.apiUrl}`)
  t.match(out[0], 'identifier:  sandbox-identifier')
  t.match(out[0], 'access key:  key')
  t.match(out[0], `curl -s ${sandbox.apiUrl}`)
  t.match(out[0], "--data-urlencode secret='it'\\''s secret'")
  const { body } = await api(sandbox, 'GetClients', { limitnum: '1' })
  t.equal(body.totalresults, 32)
})

// ---------------------------------------------------------------- as a process

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url))

interface Running {
  child: ChildProcess
  output: () => string
  errors: () => string
  exited: Promise<number | null>
}

/** Run the CLI in a child process under the same TypeScript loader as this test. */
function runProcess (t: Test, args: string[]): Running {
  const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exited = new Promise<number | null>(resolve => { child.on('exit', code => { resolve(code) }) })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  return { child, output: () => out, errors: () => err, exited }
}

async function waitFor (check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`the CLI serves the API and exits cleanly on ${signal}`, async t => {
    const run = runProcess(t, ['--port', '0', '--identifier', 'cli-id', '--secret', 'cli-secret'])
    await waitFor(() => run.output().includes('Press Ctrl+C'), 'the banner')
    const apiUrl = /API URL: +(\S+)/.exec(run.output())?.[1] ?? ''
    const res = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=GetClients&responsetype=json&limitnum=1&identifier=cli-id&secret=cli-secret'
    })
    t.equal((await res.json() as { totalresults: number }).totalresults, 32)
    run.child.kill(signal)
    t.equal(await run.exited, 0)
    t.match(run.output(), `${signal} received, closing the sandbox`)
  })
}

t.test('the CLI exits with status 2 and its usage on a bad option', async t => {
  const run = runProcess(t, ['--port', 'eighty'])
  t.equal(await run.exited, 2)
  t.match(run.errors(), 'sandbox: invalid --port: eighty')
  t.match(run.errors(), 'Usage: sandbox [options]')
})

t.test('the CLI prints its usage with --help and exits', async t => {
  const run = runProcess(t, ['--help'])
  t.equal(await run.exited, 0)
  t.match(run.output(), 'Usage: sandbox [options]')
})
