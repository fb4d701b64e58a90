// Contract gate: Swagger UI in a real browser. Starts the built service on the embedded sandbox,
// opens /docs in Debian's Chromium (never a browser downloaded by a tool), authorizes with the
// demo key, runs "Try it out" on GET /clients/{id} and checks the live 200 body. No request may
// leave 127.0.0.1. A screenshot is written to artifacts/swagger-ui.png.
//
//   npm run build && node test/contract/browser.mjs
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('../../', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const started = performance.now()

if (!existsSync(join(root, 'dist/src/server.js'))) {
  console.error('browser: dist/src/server.js is missing: run `npm run build` first')
  process.exit(1)
}
if (!existsSync(CHROMIUM)) {
  // CI installs Debian's chromium (.ci/run); elsewhere the gate says plainly that it did not run.
  console.error(`browser: ${CHROMIUM} not found (apt-get install chromium)${process.env.CI === 'true' ? '' : ': skipped outside CI'}`)
  process.exit(process.env.CI === 'true' ? 1 : 0)
}

const { start } = await import(pathToFileURL(join(root, 'dist/src/server.js')).href)
const service = await start({ PORT: '0', LOG_LEVEL: 'warn' })
const origin = new URL(service.url).origin.replace('localhost', '127.0.0.1')
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'))
const outside = []
let browser
let failed = false
try {
  // A fresh profile directory each run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1400 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const page = browser.pages()[0] ?? await browser.newPage()
  page.on('request', (r) => { if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) outside.push(r.url()) })
  await page.goto(`${origin}/docs`, { waitUntil: 'networkidle' })
  await page.waitForSelector('#operations-Clients-getClient')

  await page.click('button.authorize')
  await page.fill('.auth-container input', service.demoKey)
  await page.click('.auth-btn-wrapper button.authorize')
  await page.click('button.btn-done')

  const op = '#operations-Clients-getClient'
  await page.click(`${op} .opblock-summary`)
  await page.fill(`${op} input[placeholder="id"]`, '3')
  await page.click(`${op} .execute`)
  await page.waitForSelector(`${op} .live-responses-table tbody .response-col_status`)
  const status = (await page.textContent(`${op} .live-responses-table tbody .response-col_status`))?.trim()
  const body = await page.textContent(`${op} .live-responses-table .microlight`)
  mkdirSync(join(root, 'artifacts'), { recursive: true })
  await page.screenshot({ path: join(root, 'artifacts/swagger-ui.png'), fullPage: true })

  const client = JSON.parse(body ?? '{}')
  const checks = [
    [status === '200', `live status is 200 (got ${status})`],
    [client.id === 3 && typeof client.email === 'string', 'the live body is client 3'],
    [outside.length === 0, `no request left ${origin} (${outside.join(', ') || 'none'})`]
  ]
  for (const [ok, what] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
    if (!ok) failed = true
  }
} catch (err) {
  failed = true
  console.error(`FAIL ${err instanceof Error ? err.message : String(err)}`)
} finally {
  await browser?.close()
  await service.fastify.close()
  rmSync(profile, { recursive: true, force: true })
}
console.log(`${failed ? 'FAIL' : 'PASS'}: Swagger UI authorized and ran "Try it out" in Chromium (${Math.round(performance.now() - started)} ms; screenshot artifacts/swagger-ui.png)`)
process.exit(failed ? 1 : 0)
