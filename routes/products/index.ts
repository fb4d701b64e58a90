// /products: the product catalogue, with prices per currency and billing cycle.
import { Type } from 'typebox'
import { itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { Product, ProductList, readProduct } from './schemas.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import * as schemas from './schemas.js'

const group = 'Orders'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/products',
    operationId: 'listProducts',
    summary: 'List products',
    description: 'Pages through the product catalogue, optionally only one product group or the products of one provisioning module. Each product comes with its prices in every currency, its configurable options and its order-form custom fields.',
    group,
    action: 'GetProducts',
    query: listQuery({
      groupId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only products of this product group', examples: [1] })),
      module: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description: 'Only products provisioned by this module', examples: ['cpanel'] }))
    }),
    response: ProductList,
    responseDescription: 'A page of products',
    request: ({ query }) => ({ gid: query.groupId, module: query.module }),
    // GetProducts answers the whole catalogue at once: it is paged here.
    rows: { key: 'products', item: 'product', paging: 'local' },
    read: (product) => readProduct(product)
  }),

  itemRoute({
    method: 'GET',
    url: '/products/:id',
    operationId: 'getProduct',
    summary: 'Get a product',
    description: 'Returns one product with its prices in every currency, its configurable options and its order-form custom fields.',
    group,
    action: 'GetProducts',
    params: IdPathParams('Product id'),
    status: 200,
    response: ref(Product),
    responseDescription: 'The product',
    request: ({ params }) => ({ pid: String(params.id) }),
    pick: { key: 'products', item: 'product', notFound: ({ params }) => `Product ${params.id} does not exist` },
    read: (product) => readProduct(product)
  })
]

export default resource({ schemas, routes })
