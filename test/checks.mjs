// The checks `npm test` runs before tap, side by side (each is single-threaded; together they
// take as long as the slowest, not the sum): `npm run lint`, `npm run typecheck` and tap's plugin
// build (see below). Each one's output is printed whole, in this order, once
// all have finished; the exit status is 1 when any failed.
//
// tap builds its Test class from the plugins package.json configures. A tap run that finds the
// build stale rebuilds it, but starts that run's test processes with the stale build's loaders
// (read when tap starts): after `npm install`, the first `npm test` would load ts-node and the
// mock plugin's hooks in every process beside ours and take about 45 s longer. So the build is
// checked here, with tap's own test (the configured plugins against the built signature).
import { spawn } from 'node:child_process'
import { TapConfig } from '@tapjs/config'
import { signature } from '@tapjs/test'

const config = await TapConfig.load()
const checks = [
  ['npm', 'run', '-s', 'lint'],
  ['npm', 'run', '-s', 'typecheck'],
  ...(config.pluginSignature === signature ? [] : [['tap', 'build']])
]

function run ([command, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('error', (error) => resolve({ command, args, output: `${output}${error.message}\n`, status: 1 }))
    child.on('close', (status) => resolve({ command, args, output, status: status ?? 1 }))
  })
}

let failed = 0
for (const { command, args, output, status } of await Promise.all(checks.map(run))) {
  process.stdout.write(`> ${command} ${args.join(' ')}${status === 0 ? '' : ` (failed, exit ${status})`}\n${output}`)
  if (status !== 0) failed++
}
process.exitCode = failed === 0 ? 0 : 1
