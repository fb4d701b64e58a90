// Affiliates: GET /affiliates, and POST /clients/{id}/affiliate, which makes a client account one.
// Both are the Affiliates group's, so they are declared here.
import { Type } from 'typebox'
import { emptyRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { IdPathParams, int32 } from '../../src/schemas/common.js'
import { AffiliateList, PAY_TYPES, affiliateFields } from './schemas.js'
import * as schemas from './schemas.js'

const group = 'Affiliates'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/affiliates',
    operationId: 'listAffiliates',
    summary: 'List affiliates',
    description: 'Pages through affiliates with their commission settings, referred visitors and balances, optionally for one client account or one way of paying commission.',
    group,
    action: 'GetAffiliates',
    query: listQuery({
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only the affiliate record of this client account' })),
      payType: Type.Optional(Type.Enum(PAY_TYPES, { type: 'string', description: 'Only affiliates with their own commission of this kind' }))
    }),
    response: AffiliateList,
    responseDescription: 'A page of affiliates',
    request: ({ query }) => ({ userid: query.clientId, paytype: query.payType }),
    rows: { key: 'affiliates', item: 'affiliate', paging: 'whmcs' },
    read: (a) => affiliateFields.read(a)
  }),

  emptyRoute({
    method: 'POST',
    url: '/clients/:id/affiliate',
    operationId: 'activateClientAffiliate',
    summary: 'Make a client account an affiliate',
    description: 'Activates the affiliate programme for a client account, with the system\'s commission settings. An account that already is an affiliate stays as it is.',
    group,
    action: 'AffiliateActivate',
    params: IdPathParams('Client id'),
    responseDescription: 'The client account is an affiliate',
    request: ({ params }) => ({ userid: params.id })
  })
]

export default resource({ schemas, routes })
