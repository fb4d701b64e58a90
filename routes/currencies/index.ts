// /currencies: the currencies WHMCS bills in, with their exchange rates.
import type { FastifyInstance } from 'fastify'
import { listQuery, listRoute, pageOf, registerRoutes } from '../../src/route/index.js'
import { CurrencyList, currencyFields } from '../../src/schemas/system.js'
import { toList } from '../../src/whmcs/normalize.js'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/currencies',
    operationId: 'listCurrencies',
    summary: 'List currencies',
    description: 'Lists the currencies configured in WHMCS, with how amounts are written in each and its exchange rate against the default currency.',
    group: 'System',
    action: 'GetCurrencies',
    query: listQuery({}),
    response: CurrencyList,
    responseDescription: 'A page of currencies',
    request: () => ({}),
    // WHMCS answers the whole list; the page is cut here.
    map: (raw, { query }) => pageOf(toList(raw.currencies, 'currency').map((c) => currencyFields.read(c)), query)
  })
]

export default async function currencies (fastify: FastifyInstance): Promise<void> {
  registerRoutes(fastify, routes)
}
