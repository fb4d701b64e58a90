// Contract gate: generated clients, compiled and run.
//
//   npm run build && node test/contract/clients.mjs
//
// From the current openapi/openapi.json (read once, at run time), in a temporary folder:
//   1. openapi-typescript generates types, @hey-api/openapi-ts an SDK with its bundled fetch client;
//   2. the named schemas must come out of hey-api as named exported types;
//   3. test/contract/clients/openapi-fetch.mts and hey-api.mts are compiled against them with
//      `tsc --strict` (a type error fails the gate);
//   4. the built service (dist/, never built here) starts once on the embedded sandbox and both
//      programs run against it with its demo key (a wrong answer fails the gate).
// The service is always stopped and the folder removed. Exits non-zero on any failure.
//
// CONTRACT_OPENAPI=path checks another document (e.g. a deliberately broken copy);
// CONTRACT_KEEP=1 keeps the temporary folder and prints where it is.
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const documentPath = resolve(process.env.CONTRACT_OPENAPI ?? join(root, 'openapi/openapi.json'))
const keep = process.env.CONTRACT_KEEP === '1'
const serverPath = join(root, 'dist/src/server.js')
const tscPath = join(root, 'node_modules/.bin/tsc')
const RUN_DEADLINE_MS = 60_000
const COMPILE_TIMEOUT_MS = 45_000
const PROGRAM_TIMEOUT_MS = 20_000
/** Schema components every SDK must expose under their own names. */
const NAMED_TYPES = ['Client', 'ClientSummary', 'ClientCreate', 'ClientUpdate', 'ClientList', 'Problem']

const compilerOptions = {
  strict: true,
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  // hey-api's bundled fetch client names DOM types (BodyInit) that @types/node does not declare.
  lib: ['ES2022', 'DOM'],
  types: ['node'],
  // Only node_modules' .d.ts files: the generated code is .ts and fully checked.
  skipLibCheck: true,
  rootDir: '.',
  outDir: 'out',
  noEmitOnError: true,
  forceConsistentCasingInFileNames: true
}

/** The two clients: where the generated code goes, and the program compiled against it. */
const CLIENTS = [
  { name: 'openapi-fetch', program: 'openapi-fetch.mts', generate: generateOpenapiTypescript },
  { name: 'hey-api', program: 'hey-api.mts', generate: generateHeyApi }
]

const results = []
const notes = []
const children = new Set()
let temp
const startedAt = performance.now()

function ms (since) {
  return Math.round(performance.now() - since)
}

function record (name, ok, elapsed, detail) {
  results.push({ name, ok, ms: elapsed })
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'}  ${name} (${elapsed} ms)\n`)
  if (detail) process.stdout.write(`${detail.trimEnd().replace(/^/gm, '      ')}\n`)
  return ok
}

/** Runs fn as one step of the gate; its error (if any) fails the step, not the runner. */
async function step (name, fn) {
  const since = performance.now()
  try {
    const detail = await fn()
    return record(name, true, ms(since), typeof detail === 'string' ? detail : undefined)
  } catch (err) {
    return record(name, false, ms(since), err instanceof Error ? err.message : String(err))
  }
}

/** Runs a command to the end, collecting its output; rejects on a non-zero exit or a timeout. */
function run (command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (err) => { clearTimeout(timer); reject(err) })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      if (code === 0) resolve(output)
      else reject(new Error(`${output.trimEnd()}\n(exit ${code ?? signal})`))
    })
  })
}

async function generateOpenapiTypescript (documentFile, dir) {
  const { default: openapiTS, astToString, COMMENT_HEADER } = await import('openapi-typescript')
  const ast = await openapiTS(pathToFileURL(documentFile))
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'schema.ts'), COMMENT_HEADER + astToString(ast))
}

async function generateHeyApi (documentFile, dir, tsconfig) {
  const { createClient } = await import('@hey-api/openapi-ts')
  await createClient({
    input: documentFile,
    output: { path: dir, importFileExtension: '.js', tsConfigPath: tsconfig, clean: true },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
    logs: { level: 'silent', file: false }
  })
  if (!existsSync(join(dir, 'types.gen.ts'))) throw new Error('hey-api wrote no types.gen.ts')
}

/** `export type Name = {...};` from generated source, or undefined. */
function typeBlock (source, name) {
  const start = source.search(new RegExp(`^export type ${name} = `, 'm'))
  if (start === -1) return undefined
  const end = source.indexOf('\n};', start)
  return source.slice(start, end === -1 ? undefined : end + 3)
}

/** The named components are named exports; operations that inline them instead are noted. */
async function checkNamedTypes (dir) {
  const source = await readFile(join(dir, 'types.gen.ts'), 'utf8')
  const missing = NAMED_TYPES.filter((name) => !new RegExp(`^export (type|interface) ${name}\\b`, 'm').test(source))
  if (missing.length > 0) throw new Error(`not generated as named exported types: ${missing.join(', ')}`)
  const uses = [
    ['ListClientsResponses', /\b200: ClientList;/, '200 body is not ClientList'],
    ['GetClientResponses', /\b200: Client;/, '200 body is not Client'],
    ['CreateClientData', /\bbody: ClientCreate;/, 'body is not ClientCreate'],
    ['UpdateClientData', /\bbody: ClientUpdate;/, 'body is not ClientUpdate'],
    ['GetClientErrors', /\b404: Problem;/, '404 body is not Problem']
  ]
  for (const [type, pattern, what] of uses) {
    const block = typeBlock(source, type)
    if (block !== undefined && !pattern.test(block)) {
      const generated = block.match(/\b(?:200|404|body)\??: ([^\n]*)/)?.[1]?.replace(/;$/, '')
      notes.push(`hey-api ${type}: ${what} but ${generated === '{' ? 'an anonymous inline object type' : (generated ?? 'see types.gen.ts')}`)
    }
  }
  return `${NAMED_TYPES.join(', ')}: named exports`
}

/** Makes tsc's paths point at the committed program instead of its temporary copy. */
function mapPaths (text, client) {
  return text.replaceAll(client.program, relative(root, fileURLToPath(new URL(`clients/${client.program}`, import.meta.url))))
}

async function main () {
  if (!existsSync(serverPath)) {
    record('dist/ is built', false, 0, `${relative(root, serverPath)} is missing: run \`npm run build\` first`)
    return
  }
  if (!existsSync(tscPath)) {
    record('typescript is installed', false, 0, `${relative(root, tscPath)} is missing: run \`npm ci\``)
    return
  }

  // One snapshot of the document for both generators: it may change while this runs.
  temp = await mkdtemp(join(tmpdir(), 'whmcs-rest-contract-'))
  let started
  try {
    const document = await readFile(documentPath)
    const documentFile = join(temp, 'openapi.json')
    await writeFile(documentFile, document)
    await writeFile(join(temp, 'package.json'), JSON.stringify({ name: 'contract-clients', private: true, type: 'module' }, null, 2))
    // openapi-fetch, @types/node and the generators resolve from the repository's node_modules.
    await symlink(join(root, 'node_modules'), join(temp, 'node_modules'), 'junction')
    const shown = relative(root, documentPath).startsWith('..') ? documentPath : relative(root, documentPath)
    process.stdout.write(`contract: generated clients from ${shown} (${document.length} bytes)\n`)

    const compiled = []
    for (const client of CLIENTS) {
      const dir = join(temp, client.name)
      const tsconfig = join(dir, 'tsconfig.json')
      await mkdir(dir)
      await writeFile(tsconfig, JSON.stringify({ compilerOptions, files: [client.program] }, null, 2))
      await copyFile(fileURLToPath(new URL(`clients/${client.program}`, import.meta.url)), join(dir, client.program))
      const generated = await step(`${client.name}: generate`, () => client.generate(documentFile, join(dir, 'generated'), tsconfig))
      if (!generated) continue
      if (client.name === 'hey-api' && !await step('hey-api: named schema types', () => checkNamedTypes(join(dir, 'generated')))) continue
      compiled.push({ client, dir })
    }

    // Both compile at once, each with its own tsc.
    const compiling = await Promise.all(compiled.map(async ({ client, dir }) => ({
      client,
      dir,
      ok: await step(`${client.name}: tsc --strict`, async () => {
        try {
          await run(process.execPath, [tscPath, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, timeoutMs: COMPILE_TIMEOUT_MS })
        } catch (err) {
          throw new Error(mapPaths(err.message, client))
        }
      })
    })))
    const runnable = compiling.filter((c) => c.ok)
    if (runnable.length === 0) return

    const logs = []
    const logStream = new Writable({ write (chunk, _encoding, callback) { logs.push(String(chunk)); callback() } })
    const service = await step('service: start (dist, embedded sandbox)', async () => {
      const { start } = await import(pathToFileURL(serverPath).href)
      started = await start({ PORT: '0', LOG_LEVEL: 'warn' }, { logStream })
      if (started.demoKey === undefined) throw new Error('the service made no demo key')
      return started.url
    })
    if (!service) return

    for (const { client, dir } of runnable) {
      const ok = await step(`${client.name}: run against the service`, () => run(process.execPath, [join(dir, 'out', client.program.replace(/\.mts$/, '.mjs'))], {
        cwd: dir,
        env: { CONTRACT_BASE_URL: started.url, CONTRACT_API_KEY: started.demoKey },
        timeoutMs: PROGRAM_TIMEOUT_MS
      }))
      if (!ok && logs.length > 0) process.stdout.write(`      service log:\n${logs.join('').trimEnd().replace(/^/gm, '        ')}\n`)
    }
  } finally {
    if (started !== undefined) {
      await step('service: stop', () => started.fastify.close())
    }
    if (keep) process.stdout.write(`kept ${temp}\n`)
    else await rm(temp, { recursive: true, force: true })
  }
}

const deadline = setTimeout(() => {
  record(`the gate finishes within ${RUN_DEADLINE_MS / 1000} s`, false, ms(startedAt))
  for (const child of children) child.kill('SIGKILL')
  if (temp !== undefined && !keep) rmSync(temp, { recursive: true, force: true })
  process.exit(1) // the service runs in this process: exiting stops it
}, RUN_DEADLINE_MS)

try {
  await main()
} catch (err) {
  record('runner', false, ms(startedAt), err instanceof Error ? err.stack : String(err))
}
clearTimeout(deadline)

const failed = results.filter((r) => !r.ok)
const expected = 1 + CLIENTS.length * 3 + 2 // named types, generate/compile/run each, start, stop
if (notes.length > 0) process.stdout.write(`\nnotes (not failures):\n${notes.map((n) => `  - ${n}`).join('\n')}\n`)
process.stdout.write('\nstep timings:\n')
for (const r of results) process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${String(r.ms).padStart(6)} ms  ${r.name}\n`)
const total = `${((performance.now() - startedAt) / 1000).toFixed(1)} s`
if (failed.length === 0 && results.length === expected) {
  process.stdout.write(`\nPASS: generated clients (openapi-fetch, hey-api) compiled and ran against the service: ${results.length} steps in ${total}\n`)
  process.exit(0)
} else {
  const skipped = expected - results.length
  process.stdout.write(`\nFAIL: ${failed.length} of ${results.length} steps failed${skipped > 0 ? `, ${skipped} not reached` : ''} (${total}): ${failed.map((r) => r.name).join('; ')}\n`)
  process.exit(1)
}
