// `npm run openapi`: writes the OpenAPI document of the routes to openapi/openapi.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { buildDocument } from '../openapi-document.js'

const target = resolve(process.argv[2] ?? 'openapi/openapi.json')
const doc = await buildDocument()
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, doc)
process.stdout.write(`wrote ${target}\n`)
