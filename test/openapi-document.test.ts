import { readFileSync } from 'node:fs'
import t from 'tap'
import { routesTable } from '../src/openapi-document.js'

const committed = (file: string): string => readFileSync(new URL(`../openapi/${file}`, import.meta.url), 'utf8')

t.test('the committed openapi/ROUTES.md is the table of the committed document', async (t) => {
  t.equal(routesTable(committed('openapi.json')), committed('ROUTES.md'), 'stale: run `npm run openapi` and commit the result')
})

t.test('the table has one row per operation, with its action, scope and success status', async (t) => {
  const doc = JSON.stringify({
    paths: {
      '/things/{id}': {
        get: { summary: 'Get a thing', 'x-whmcs-action': 'GetThing', security: [{ apiKey: ['things:read'] }], responses: { 200: {}, 404: {} } },
        delete: { summary: 'Delete | a thing', 'x-whmcs-action': 'DeleteThing', security: [{ apiKey: ['things:write'] }], responses: { 204: {} } },
        parameters: []
      },
      '/healthz': { get: { summary: 'Liveness', security: [], responses: { 200: {} } } }
    }
  })
  const rows = routesTable(doc).split('\n').filter((line) => line.startsWith('| `'))
  t.same(rows, [
    '| `GET /things/{id}` | GetThing | `things:read` | 200 | Get a thing |',
    '| `DELETE /things/{id}` | DeleteThing | `things:write` | 204 | Delete \\| a thing |',
    '| `GET /healthz` |  | none | 200 | Liveness |'
  ])
})
