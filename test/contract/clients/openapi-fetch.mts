// Contract program for openapi-typescript + openapi-fetch: the client journey (list, get, create,
// update, delete, a missing client) through types generated from openapi/openapi.json.
//
// Not compiled in place: test/contract/clients.mjs copies it next to freshly generated types
// (./generated/schema.js), compiles it with `tsc --strict` and runs it against the service, so a
// change to the document that breaks this code fails the gate at compile time, and a service that
// does not answer as the document says fails it at run time.
//
// Environment: CONTRACT_BASE_URL (the service) and CONTRACT_API_KEY (a key with clients:*).
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import createClient from 'openapi-fetch'
import type { components, paths } from './generated/schema.js'

type Client = components['schemas']['Client']
type ClientSummary = components['schemas']['ClientSummary']
type ClientCreate = components['schemas']['ClientCreate']
type ClientCreated = components['schemas']['ClientCreated']
type ClientUpdate = components['schemas']['ClientUpdate']
type ClientList = components['schemas']['ClientList']
type Problem = components['schemas']['Problem']

const baseUrl = process.env.CONTRACT_BASE_URL
const apiKey = process.env.CONTRACT_API_KEY
if (baseUrl === undefined || apiKey === undefined) {
  process.stderr.write('CONTRACT_BASE_URL and CONTRACT_API_KEY are required\n')
  process.exit(2)
}

const api = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } })

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
  const first = await step('GET /clients -> 200 page', async () => {
    const { data, error, response } = await api.GET('/clients', { params: { query: { limit: 5, orderBy: 'id', order: 'asc' } } })
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

  await step(`GET /clients/${first.id} -> 200 client`, async () => {
    const { data, error, response } = await api.GET('/clients/{id}', { params: { path: { id: first.id } } })
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
    email: `contract.openapi-fetch.${randomUUID()}@example.com`,
    address1: '1 Rue de la Paix',
    city: 'Paris',
    state: 'Île-de-France',
    postcode: '75002',
    countryCode: 'FR',
    phoneNumber: '+33.140000000'
  }
  const id = await step('POST /clients -> 201 + Location', async () => {
    const { data, error, response } = await api.POST('/clients', { body, params: { header: { 'idempotency-key': randomUUID() } } })
    assert.equal(response.status, 201, `status (problem: ${JSON.stringify(error)})`)
    assert.ok(data !== undefined)
    const created: ClientCreated = data
    assert.ok(Number.isInteger(created.id) && created.id > 0)
    const location = response.headers.get('location')
    assert.ok(location !== null, 'a Location header')
    assert.equal(new URL(location, baseUrl).pathname, `/clients/${created.id}`)
    return created.id
  })

  await step(`PATCH /clients/${id} -> 204`, async () => {
    const change: ClientUpdate = { companyName: 'Contract Gate Ltd', city: 'Lyon' }
    const { error, response } = await api.PATCH('/clients/{id}', { params: { path: { id } }, body: change })
    assert.equal(response.status, 204, `status (problem: ${JSON.stringify(error)})`)
    const { data } = await api.GET('/clients/{id}', { params: { path: { id } } })
    assert.ok(data !== undefined)
    assert.equal(data.companyName, 'Contract Gate Ltd')
    assert.equal(data.city, 'Lyon')
    assert.equal(data.email, body.email)
  })

  await step(`DELETE /clients/${id} -> 204`, async () => {
    const { error, response } = await api.DELETE('/clients/{id}', { params: { path: { id } } })
    assert.equal(response.status, 204, `status (problem: ${JSON.stringify(error)})`)
  })

  await step(`GET /clients/${id} (deleted) -> 404 NOT_FOUND problem`, async () => {
    const { data, error, response } = await api.GET('/clients/{id}', { params: { path: { id } } })
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
