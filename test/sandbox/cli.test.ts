import t from 'tap'
import { banner, parseCliArgs, runCli, USAGE } from '../../src/sandbox/cli.js'
import { api } from './fixtures/helpers.js'

t.test('the CLI defaults to 127.0.0.1:8081 with the demo data', async t => {
  t.same(parseCliArgs([]), { help: false, options: { port: 8081, host: '127.0.0.1', seed: true } })
})

t.test('the CLI reads port, host, credentials, access key and --no-seed', async t => {
  const args = parseCliArgs(['--port', '9000', '--host', '0.0.0.0', '--identifier', 'id', '--secret', 's', '--access-key', 'k', '--no-seed'])
  t.same(args, { help: false, options: { port: 9000, host: '0.0.0.0', seed: false, identifier: 'id', secret: 's', accessKey: 'k' } })
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
