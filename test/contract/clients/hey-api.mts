// Contract program for @hey-api/openapi-ts (SDK + bundled fetch client): the client journey (list,
// get, create, update, delete, a missing client) through an SDK generated from openapi/openapi.json.
//
// Not compiled in place: test/contract/clients.mjs copies it next to a freshly generated SDK
// (./generated/), compiles it with `tsc --strict` and runs it against the service. The document's
// named schemas are used by name (Client, ClientSummary, ClientCreate, ClientUpdate, ClientList,
// Problem): a component that generates as an anonymous type, or a renamed field, fails to compile.
//
// Environment: CONTRACT_BASE_URL (the service) and CONTRACT_API_KEY (a key with clients:*).
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { client as sdkClient } from './generated/client.gen.js'
import { createClient, deleteClient, getClient, listClients, updateClient } from './generated/sdk.gen.js'
import type {
  Client, ClientCreate, ClientCreated, ClientList, ClientSummary, ClientUpdate, Problem
} from './generated/types.gen.js'

const baseUrl = process.env.CONTRACT_BASE_URL
const apiKey = process.env.CONTRACT_API_KEY
if (baseUrl === undefined || apiKey === undefined) {
  process.stderr.write('CONTRACT_BASE_URL and CONTRACT_API_KEY are required\n')
  process.exit(2)
}

// The SDK sends `Authorization: Bearer <auth>` on operations whose security names bearerAuth.
sdkClient.setConfig({ baseUrl, auth: apiKey })

async function step<T> (name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    const out = await fn()
    process.stdout.write(`    ok    ${name} (${Math.round(performance.now() - started)} ms)\n`)
    return out
  } catch (err) {
    process.stdout.write(`    FAIL  ${name} (${Math.round(performance.now() - started)} ms)\n`)
    throw err
  }
}

async function main (): Promise<void> {
  const first = await step('listClients -> 200 page', async () => {
    const { data, error, response } = await listClients({ query: { limit: 5, orderBy: 'id', order: 'asc' } })
    assert.equal(response.status, 200, `status (problem: ${JSON.stringify(error)})`)
    assert.ok(data !== undefined)
    const page: ClientList = data
    assert.ok(Array.isArray(page.data), 'data is an array')
    const total: number = page.meta.total
    assert.ok(Number.isInteger(total) && total >= page.data.length, `meta.total ${total} counts at least this page`)
    assert.equal(page.meta.limit, 5)
    assert.equal(page.meta.offset, 0)
    const summary: ClientSummary | undefined = page.data.at(0)
    assert.ok(summary !== undefined, 'the sandbox has clients')
    assert.ok(Number.isInteger(summary.id))
    assert.equal(typeof summary.email, 'string')
    const status: 'Active' | 'Inactive' | 'Closed' = summary.status
    assert.ok(['Active', 'Inactive', 'Closed'].includes(status))
    return summary
  })

  await step(`getClient ${first.id} -> 200 client`, async () => {
    const { data, error, response } = await getClient({ path: { id: first.id } })
    assert.equal(response.status, 200, `status (problem: ${JSON.stringify(error)})`)
    assert.ok(data !== undefined)
    const client: Client = data
    assert.equal(client.id, first.id)
    assert.equal(client.email, first.email)
    assert.ok(Array.isArray(client.users), 'users is an array')
    assert.ok(Array.isArray(client.customFields), 'customFields is an array')
  })

  const body: ClientCreate = {
    firstName: 'Ida',
    lastName: 'Contract',
    email: `contract.hey-api.${randomUUID()}@example.com`,
    address1: '1 Rue de la Paix',
    city: 'Paris',
    state: 'Île-de-France',
    postcode: '75002',
    countryCode: 'FR',
    phoneNumber: '+33.140000000'
  }
  const id = await step('createClient -> 201 + Location', async () => {
    const { data, error, response } = await createClient({ body, headers: { 'idempotency-key': randomUUID() } })
    assert.equal(response.status, 201, `status (problem: ${JSON.stringify(error)})`)
    assert.ok(data !== undefined)
    const created: ClientCreated = data
    assert.ok(Number.isInteger(created.id) && created.id > 0)
    const location = response.headers.get('location')
    assert.ok(location !== null, 'a Location header')
    assert.equal(new URL(location, baseUrl).pathname, `/clients/${created.id}`)
    return created.id
  })

  await step(`updateClient ${id} -> 204`, async () => {
    const change: ClientUpdate = { companyName: 'Contract Gate Ltd', city: 'Lyon' }
    const { error, response } = await updateClient({ path: { id }, body: change })
    assert.equal(response.status, 204, `status (problem: ${JSON.stringify(error)})`)
    const { data } = await getClient({ path: { id } })
    assert.ok(data !== undefined)
    const client: Client = data
    assert.equal(client.companyName, 'Contract Gate Ltd')
    assert.equal(client.city, 'Lyon')
    assert.equal(client.email, body.email)
  })

  await step(`deleteClient ${id} -> 204`, async () => {
    const { error, response } = await deleteClient({ path: { id } })
    assert.equal(response.status, 204, `status (problem: ${JSON.stringify(error)})`)
  })

  await step(`getClient ${id} (deleted) -> 404 NOT_FOUND problem`, async () => {
    const { data, error, response } = await getClient({ path: { id } })
    assert.equal(data, undefined)
    assert.equal(response.status, 404)
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/)
    assert.ok(error !== undefined, 'a problem body')
    const problem: Problem = error
    assert.equal(problem.code, 'NOT_FOUND')
    assert.equal(problem.status, 404)
    assert.equal(typeof problem.title, 'string')
  })
}

main().catch((err: unknown) => {
  process.stdout.write(`    ${err instanceof Error ? err.message.split('\n').join('\n    ') : String(err)}\n`)
  process.exitCode = 1
})
