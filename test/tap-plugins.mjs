// tap builds its Test class from the plugins package.json configures. A tap run that finds the
// build stale rebuilds it, but starts that run's test processes with the stale build's loaders
// (read when tap starts): after `npm install`, the first `npm test` would load ts-node and the
// mock plugin's hooks in every process beside ours and take about 45 s longer. This rebuilds
// first when needed (tap's own check: the configured plugins against the built signature).
import { spawnSync } from 'node:child_process'
import { TapConfig } from '@tapjs/config'
import { signature } from '@tapjs/test'

const config = await TapConfig.load()
if (config.pluginSignature !== signature) {
  const { status } = spawnSync('tap', ['build'], { stdio: 'inherit', shell: process.platform === 'win32' })
  process.exit(status ?? 1)
}
