// The committed OpenAPI document and its table of routes (openapi/ROUTES.md): generated from an app that is built but never listens, with
// placeholder WHMCS settings (no call is made) and no servers entry, so the output is stable.
import Fastify from 'fastify'
import app, { fastifyOptions } from './app.js'
import { loadConfig } from './config.js'
import { serviceVersion } from './version.js'

export async function buildDocument (): Promise<string> {
  const config = loadConfig({})
  const fastify = Fastify({ ...fastifyOptions, logger: false })
  await fastify.register(app, {
    whmcs: { ...config.whmcsDefaults, url: 'http://127.0.0.1:9/', identifier: 'unused', secret: 'unused' },
    settings: config.settings,
    keys: null,
    version: serviceVersion()
  })
  await fastify.ready()
  const doc = `${JSON.stringify(fastify.swagger(), null, 2)}\n`
  await fastify.close()
  return doc
}

interface Operation {
  summary?: string
  'x-whmcs-action'?: string
  security?: Array<Record<string, string[]>>
  responses?: Record<string, unknown>
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/**
 * The table of every route, its WHMCS action, scope and success answer, from the document: the
 * README points at it, so adding a route never means editing a hand-kept table.
 */
export function routesTable (document: string): string {
  const doc = JSON.parse(document) as { paths: Record<string, Record<string, Operation>> }
  const rows: string[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = operations[method]
      if (op === undefined) continue
      const scope = op.security?.flatMap((s) => Object.values(s).flat())[0]
      const success = Object.keys(op.responses ?? {}).find((status) => status.startsWith('2')) ?? ''
      rows.push(`| \`${method.toUpperCase()} ${path}\` | ${op['x-whmcs-action'] ?? ''} | ${scope === undefined ? 'none' : `\`${scope}\``} | ${success} | ${(op.summary ?? '').replace(/\|/g, '\\|')} |`)
    }
  }
  return [
    '# Routes',
    '',
    'Generated from `openapi.json` by `npm run openapi`; do not edit. Each route\'s parameters, answers',
    'and problems are in the document (Swagger UI at `/docs`).',
    '',
    '| route | WHMCS action | scope | success | what it does |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    ''
  ].join('\n')
}
