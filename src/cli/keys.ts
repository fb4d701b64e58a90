// `npm run keys -- create --name billing-sync --scopes billing:read,clients:read`: makes a new API
// key, prints it once, and prints the entry to add to the keys file (which holds only its hash).
import { parseArgs } from 'node:util'
import { generateKey, sha256 } from '../auth/keys.js'

const USAGE = `Usage:
  npm run keys -- create --name NAME --scopes SCOPE[,SCOPE...] [--id ID] [--cidrs CIDR[,CIDR...]] [--rate-per-minute N]
  npm run keys -- hash KEY

Scopes: <group>:read or <group>:write (clients:read, billing:write, ...), *:read for every read,
* for everything, metrics:read for GET /metrics.
`

const SCOPE = /^(\*|\*:read|[a-z][a-z-]*:(read|write))$/

export function run (argv: string[], out: (s: string) => void): number {
  const [command, ...rest] = argv
  if (command === 'hash' && rest.length === 1) {
    out(`sha256:${sha256(rest[0]).toString('hex')}`)
    return 0
  }
  if (command !== 'create') {
    out(USAGE)
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      id: { type: 'string' },
      cidrs: { type: 'string' },
      'rate-per-minute': { type: 'string' }
    }
  })
  const name = values.name?.trim() ?? ''
  const scopes = (values.scopes ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (name === '' || scopes.length === 0) {
    out(USAGE)
    return 2
  }
  const bad = scopes.find((s) => !SCOPE.test(s))
  if (bad !== undefined) {
    out(`Not a scope: ${bad}\n\n${USAGE}`)
    return 2
  }
  const id = values.id ?? name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64)
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    out('The id may hold letters, digits, dot, dash and underscore (1-64)')
    return 2
  }
  const rate = values['rate-per-minute']
  if (rate !== undefined && !/^[1-9]\d*$/.test(rate)) {
    out('--rate-per-minute takes a positive whole number')
    return 2
  }
  const key = generateKey()
  const lines = [
    `API key (shown once; store it now): ${key}`,
    '',
    'Add this entry under `keys:` in the file API_KEYS_FILE names (YAML):',
    `  - id: ${id}`,
    `    name: ${JSON.stringify(name)}`,
    `    hash: sha256:${sha256(key).toString('hex')}`,
    `    scopes: [${scopes.join(', ')}]`
  ]
  if (values.cidrs !== undefined) lines.push(`    cidrs: [${values.cidrs.split(',').map((c) => c.trim()).join(', ')}]`)
  if (rate !== undefined) lines.push(`    ratePerMinute: ${rate}`)
  out(lines.join('\n'))
  return 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = run(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`))
}
