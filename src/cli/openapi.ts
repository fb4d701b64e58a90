// `npm run openapi`: writes the OpenAPI document of the routes to openapi/openapi.json, and its
// table of routes beside it (ROUTES.md).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { buildDocument, routesTable } from '../openapi-document.js'

const target = resolve(process.argv[2] ?? 'openapi/openapi.json')
const doc = await buildDocument()
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, doc)
const table = resolve(dirname(target), 'ROUTES.md')
writeFileSync(table, routesTable(doc))
process.stdout.write(`wrote ${target} and ${table}\n`)
