// /promotions: promotion codes and the discounts they give.
import { Type } from 'typebox'
import { itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { Promotion, PromotionList, promotionFields } from './schemas.js'
import { ref } from '../../src/schemas/common.js'
import * as schemas from './schemas.js'

const group = 'Orders'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/promotions',
    operationId: 'listPromotions',
    summary: 'List promotions',
    description: 'Pages through the promotion codes, expired and used-up ones included.',
    group,
    action: 'GetPromotions',
    query: listQuery({}),
    response: PromotionList,
    responseDescription: 'A page of promotions',
    request: () => ({}),
    // GetPromotions answers every promotion at once: it is paged here.
    rows: { key: 'promotions', item: 'promotion', paging: 'local' },
    read: (p) => promotionFields.read(p)
  }),

  itemRoute({
    method: 'GET',
    url: '/promotions/:code',
    operationId: 'getPromotion',
    summary: 'Get a promotion',
    description: 'Returns one promotion by its code (WHMCS matches codes without regard to case).',
    group,
    action: 'GetPromotions',
    params: Type.Object({
      code: Type.String({ pattern: '^[^\\s/]{1,255}$', minLength: 1, maxLength: 255, description: 'The promotion code', examples: ['SPRING10'] })
    }, { additionalProperties: false }),
    status: 200,
    response: ref(Promotion),
    responseDescription: 'The promotion',
    request: ({ params }) => ({ code: params.code }),
    pick: { key: 'promotions', item: 'promotion', notFound: ({ params }) => `No promotion has the code ${params.code}` },
    read: (promotion) => promotionFields.read(promotion)
  })
]

export default resource({ schemas, routes })
