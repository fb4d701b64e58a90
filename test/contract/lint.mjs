// Contract gate: the OpenAPI document passes its linters with no error and no warning.
//
//   node test/contract/lint.mjs
//
// Lints openapi/openapi.json as committed (`npm run openapi` regenerates it; a tap test fails
// when it is stale) with the local binaries, one after the other:
//   1. Redocly CLI, `recommended` ruleset                        (redocly.yaml, .redocly.lint-ignore.yaml)
//   2. Spectral, spectral:oas                                    (.spectral.yaml)
//   3. Spectral, OWASP API Security Top 10 2023 ruleset          (.spectral-owasp.yaml)
// Prints each linter's findings, counts and time, then one closing line. Exits 1 when any linter
// reports an error or a warning, or cannot run (hints and infos are printed, never fatal).
// Fix findings in the generator (src/route/, src/schemas/, routes/...), never in the JSON.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const DOCUMENT = 'openapi/openapi.json'
const bin = (name) => join(root, 'node_modules/.bin', name)
const RUN_TIMEOUT_MS = 120_000

// No usage reports or update checks from CI or a developer machine.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }

/** Runs a command in the repository root; resolves with its exit code and output, never rejects. */
function run (command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d })
    const timer = setTimeout(() => {
      stderr += `\nkilled after ${RUN_TIMEOUT_MS} ms`
      child.kill('SIGKILL')
    }, RUN_TIMEOUT_MS)
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({ code: -1, stdout, stderr: `${stderr}\n${err.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, signal, stdout, stderr })
    })
  })
}

/** The JSON report a linter printed; throws with what it said instead when there is none. */
function report (name, out) {
  try {
    return JSON.parse(out.stdout)
  } catch {
    throw new Error(`${name} exited ${out.code}${out.signal ? ` (${out.signal})` : ''} without a JSON report\n${out.stdout}${out.stderr}`.trimEnd())
  }
}

/** What a linter found: `{ errors, warnings, other, findings: string[], note? }`, or throws. */
async function redocly () {
  const out = await run(bin('redocly'), ['lint', DOCUMENT, '--config', 'redocly.yaml', '--format', 'json'])
  const { problems, totals } = report('redocly', out)
  const findings = problems.map((p) =>
    `${p.severity.padEnd(7)} ${p.ruleId}  ${p.location?.[0]?.pointer ?? ''}  ${p.message}`)
  const { errors, warnings, ignored } = totals
  // Redocly exits 0 on warnings, so the totals decide; a non-zero exit without errors is a failure to run.
  if (out.code !== 0 && errors === 0) throw new Error(`redocly exited ${out.code}\n${out.stderr}`)
  return { errors, warnings, other: 0, findings, note: ignored > 0 ? `${ignored} set aside by .redocly.lint-ignore.yaml` : undefined }
}

const SEVERITIES = ['error', 'warning', 'info', 'hint']

function spectral (ruleset) {
  return async () => {
    const out = await run(bin('spectral'), ['lint', DOCUMENT, '--ruleset', ruleset, '--fail-severity=warn', '--format', 'json', '--quiet'])
    // Exit 0: nothing at warn or above; 1: findings at warn or above; 2 (or else): it could not run.
    if (out.code !== 0 && out.code !== 1) throw new Error(`spectral exited ${out.code}\n${out.stdout}${out.stderr}`)
    const results = report('spectral', out)
    const count = (severity) => results.filter((r) => r.severity === severity).length
    const findings = results.map((r) =>
      `${SEVERITIES[r.severity].padEnd(7)} ${r.code}  #/${r.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}  ${r.message}`)
    const errors = count(0)
    const warnings = count(1)
    if (out.code === 1 && errors + warnings === 0) throw new Error('spectral exited 1 with no error or warning in its report')
    return { errors, warnings, other: results.length - errors - warnings, findings }
  }
}

const LINTERS = [
  { name: 'redocly  recommended', lint: redocly },
  { name: 'spectral spectral:oas', lint: spectral('.spectral.yaml') },
  { name: 'spectral owasp 2023', lint: spectral('.spectral-owasp.yaml') }
]

const startedAt = performance.now()
if (!existsSync(join(root, DOCUMENT))) {
  process.stdout.write(`FAIL  ${DOCUMENT} does not exist: run \`npm run openapi\`\n`)
  process.exit(1)
}

let failed = 0
for (const { name, lint } of LINTERS) {
  const since = performance.now()
  let line
  try {
    const r = await lint()
    const ms = Math.round(performance.now() - since)
    const ok = r.errors === 0 && r.warnings === 0
    if (!ok) failed++
    const extra = [r.other > 0 ? `${r.other} info/hint` : '', r.note ?? ''].filter(Boolean).join('; ')
    line = `${ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(22)} ${r.errors} errors, ${r.warnings} warnings${extra ? ` (${extra})` : ''}  ${ms} ms\n`
    for (const finding of r.findings) line += `        ${finding}\n`
  } catch (err) {
    failed++
    const ms = Math.round(performance.now() - since)
    line = `FAIL  ${name.padEnd(22)} did not run: ${String(err.message ?? err).trimEnd().replace(/\n/g, '\n        ')}  ${ms} ms\n`
  }
  process.stdout.write(line)
}

const total = Math.round(performance.now() - startedAt)
process.stdout.write(failed === 0
  ? `lint: ${DOCUMENT} passes ${LINTERS.length} linters with 0 errors and 0 warnings (${total} ms)\n`
  : `lint: ${failed} of ${LINTERS.length} linters failed on ${DOCUMENT} (${total} ms); fix the generator, then \`npm run openapi\`\n`)
process.exit(failed === 0 ? 0 : 1)
