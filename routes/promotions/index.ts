// /promotions: promotion codes and the discounts they give.
import { Type } from 'typebox'
import { HttpProblem } from '../../src/problems/catalogue.js'
import { itemRoute, listQuery, listRoute, pageOf, resource } from '../../src/route/index.js'
import { Promotion, PromotionList, promotionFields } from './schemas.js'
import { ref } from '../../src/schemas/common.js'
import { toList } from '../../src/whmcs/normalize.js'
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
    map: (raw, { query }) => {
      const { data, total } = pageOf(toList(raw.promotions, 'promotion'), query)
      return { data: data.map((p) => promotionFields.read(p)), total }
    }
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
    map: (raw, { params }) => {
      const [promotion] = toList(raw.promotions, 'promotion')
      if (promotion === undefined) throw new HttpProblem('NOT_FOUND', `No promotion has the code ${params.code}`)
      return promotionFields.read(promotion)
    }
  })
]

export default resource({ schemas, routes })
