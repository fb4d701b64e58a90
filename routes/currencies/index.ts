// /currencies: the currencies WHMCS bills in, with their exchange rates.
import { listQuery, listRoute, resource } from '../../src/route/index.js'
import { CurrencyList, currencyFields } from './schemas.js'
import * as schemas from './schemas.js'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/currencies',
    operationId: 'listCurrencies',
    summary: 'List currencies',
    description: 'Lists the currencies configured in WHMCS, with how amounts are written in each and its exchange rate against the default currency.',
    group: 'System',
    action: 'GetCurrencies',
    cache: true,
    query: listQuery({}),
    response: CurrencyList,
    responseDescription: 'A page of currencies',
    request: () => ({}),
    // WHMCS answers the whole list; the page is cut here.
    rows: { key: 'currencies', item: 'currency', paging: 'local' },
    read: (c) => currencyFields.read(c)
  })
]

export default resource({ schemas, routes })
