// Run the WHMCS sandbox on its own:
//   npm run sandbox -- --port 8081 --host 127.0.0.1 [--identifier X] [--secret Y]
//                      [--access-key Z] [--allow-ip A ...] [--no-seed]
// Configuration comes from the command line only.

import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startSandbox } from './protocol/server.js'
import type { Sandbox, SandboxOptions } from './types.js'

export const USAGE = `Usage: sandbox [options]

Starts a WHMCS API sandbox (POST <url>/includes/api.php) with demo data.

Options:
  --port N            port to listen on (default 8081, 0 = random)
  --host H            interface to listen on (default 127.0.0.1)
  --identifier X      API identifier (default sandbox-identifier)
  --secret Y          API secret (default sandbox-secret)
  --access-key Z      access key that bypasses the IP allow-list
  --allow-ip A        client address allowed to call the API (repeatable;
                      default 127.0.0.1, ::1 and ::ffff:127.0.0.1)
  --no-seed           start with an empty database
  -h, --help          show this help
`

export type CliArgs = { help: true } | { help: false, options: SandboxOptions }

/** Parse the command line. Throws on unknown options or a bad port. */
export function parseCliArgs (argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      identifier: { type: 'string' },
      secret: { type: 'string' },
      'access-key': { type: 'string' },
      'allow-ip': { type: 'string', multiple: true },
      'no-seed': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) return { help: true }
  const port = values.port === undefined ? 8081 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${values.port ?? ''}`)
  const options: SandboxOptions = { port, host: values.host ?? '127.0.0.1', seed: values['no-seed'] !== true }
  if (values.identifier !== undefined) options.identifier = values.identifier
  if (values.secret !== undefined) options.secret = values.secret
  if (values['access-key'] !== undefined) options.accessKey = values['access-key']
  if (values['allow-ip'] !== undefined) options.allowedIps = values['allow-ip']
  return { help: false, options }
}

function shellQuote (text: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`
}

/** The banner printed once the sandbox listens. */
export function banner (sandbox: Sandbox, allowedIps?: string[]): string {
  const lines = [
    'WHMCS sandbox listening',
    `  URL:         ${sandbox.url}`,
    `  API URL:     ${sandbox.apiUrl}`,
    `  identifier:  ${sandbox.identifier}`,
    `  secret:      ${sandbox.secret}`
  ]
  if (sandbox.accessKey !== undefined) lines.push(`  access key:  ${sandbox.accessKey}`)
  lines.push(`  allowed IPs: ${allowedIps === undefined ? '127.0.0.1, ::1 (loopback only)' : allowedIps.length === 0 ? 'none (access key only)' : allowedIps.join(', ')}`)
  lines.push(
    '',
    'Try:',
    `  curl -s ${shellQuote(sandbox.apiUrl)} \\`,
    '    -d action=GetClients -d responsetype=json -d limitnum=5 \\',
    `    --data-urlencode identifier=${shellQuote(sandbox.identifier)} \\`,
    `    --data-urlencode secret=${shellQuote(sandbox.secret)}`,
    '',
    'Press Ctrl+C to stop.'
  )
  return lines.join('\n')
}

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
}

/** Start the sandbox from command-line arguments. Resolves to the running sandbox, or undefined after --help. */
export async function runCli (argv: string[], io: CliIo): Promise<Sandbox | undefined> {
  const args = parseCliArgs(argv)
  if (args.help) {
    io.out(USAGE)
    return undefined
  }
  const sandbox = await startSandbox(args.options)
  io.out(banner(sandbox, args.options.allowedIps))
  return sandbox
}

async function main (): Promise<void> {
  const io: CliIo = {
    out: text => { process.stdout.write(text + '\n') },
    err: text => { process.stderr.write(text + '\n') }
  }
  let sandbox: Sandbox | undefined
  try {
    sandbox = await runCli(process.argv.slice(2), io)
  } catch (err) {
    io.err(`sandbox: ${err instanceof Error ? err.message : String(err)}`)
    io.err(USAGE)
    process.exitCode = 2
    return
  }
  if (sandbox === undefined) return
  const running = sandbox
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    io.out(`\n${signal} received, closing the sandbox`)
    running.close().then(() => { process.exitCode = 0 }, (err: unknown) => {
      io.err(`sandbox: ${err instanceof Error ? err.message : String(err)}`)
      process.exitCode = 1
    })
  }
  process.once('SIGINT', () => { stop('SIGINT') })
  process.once('SIGTERM', () => { stop('SIGTERM') })
}

function invokedDirectly (): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (invokedDirectly()) await main()
