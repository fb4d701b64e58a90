// The layout's import boundaries (eslint.config.js) refuse what they should and let the rest
// through: each case is linted as if it were a file at that path.
import t from 'tap'
import { ESLint } from 'eslint'

const eslint = new ESLint()

async function restricted (filePath: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import x from '${specifier}'\nexport const y = x\n`, { filePath })
  return result.messages.some((m) => m.ruleId === 'no-restricted-imports')
}

const cases: Array<[string, string, boolean]> = [
  ['routes/clients/index.ts', '../../src/whmcs/client.js', true],
  ['routes/clients/index.ts', '../../src/plugins/whmcs.js', true],
  ['routes/clients/index.ts', '../../src/route/index.js', false],
  ['src/route/register.ts', '../plugins/idempotency.js', true],
  ['src/problems/plugin.ts', '../idempotency/key.js', false],
  ['src/app.ts', './plugins/whmcs.js', false],
  ['src/state/memory.ts', '../whmcs/governor/backoff.js', true],
  ['src/state/memory.ts', './ttl-cache.js', false],
  ['src/sandbox/index.ts', '../config.js', true],
  ['src/sandbox/protocol/server.ts', '../../config.js', true],
  ['src/sandbox/engine/placing.ts', '../../whmcs/encode.js', true],
  ['src/sandbox/handlers/clients.ts', '../../whmcs/encode.js', true],
  ['src/sandbox/handlers/clients.ts', '../protocol/params.js', false],
  ['src/sandbox/store/index.ts', '../protocol/text.js', false],
  ['src/sandbox/handlers/billing/quotes.ts', '../../../whmcs/encode.js', true],
  ['src/sandbox/test/quirks.test.ts', '../../../test/fixtures.js', true],
  ['src/sandbox/test/fixtures/helpers.ts', '../../../../test/fixtures.js', true],
  ['src/sandbox/test/fixtures/helpers.ts', '../../index.js', false]
]

for (const [file, specifier, refused] of cases) {
  t.test(`${file} importing ${specifier}: ${refused ? 'refused' : 'allowed'}`, async (t) => {
    t.equal(await restricted(file, specifier), refused)
  })
}
