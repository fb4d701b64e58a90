import neostandard from 'neostandard'

// The boundaries of the layout, checked on every import (README, "How it is built").
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })
const outsideSandbox = (depth) => ({
  group: [`${'../'.repeat(depth)}*`],
  message: 'The sandbox plays WHMCS and shares no code with the facade: it imports nothing outside src/sandbox/ (its tests included).'
})
const plugins = {
  group: ['**/plugins/*'],
  message: 'Only src/app.ts registers the plugins; share what they need through a module outside src/plugins/.'
}

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', '.tap/**', 'coverage/**', 'openapi/**', '.tmpbuild/**'] }),
  restrict(['routes/**/*.ts'], [plugins, {
    group: ['**/whmcs/client.js'],
    message: 'Resources declare routes; the WHMCS client is reached through the route engine (src/route/).'
  }]),
  restrict(['src/**/*.ts'], [plugins]),
  { files: ['src/app.ts'], rules: { 'no-restricted-imports': 'off' } },
  restrict(['src/state/**/*.ts'], [plugins, {
    group: ['**/whmcs/*', '**/whmcs/**'],
    message: 'The state store is below the WHMCS client: state/ never imports whmcs/.'
  }]),
  restrict(['src/sandbox/*.ts'], [outsideSandbox(1)]),
  restrict(['src/sandbox/*/*.ts'], [outsideSandbox(2)]),
  restrict(['src/sandbox/*/*/*.ts'], [outsideSandbox(3)]),
  restrict(['src/sandbox/*/*/*/*.ts'], [outsideSandbox(4)])
]
