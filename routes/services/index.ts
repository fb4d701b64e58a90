// Services: a client's services (GET /clients/{id}/services) and each service with its
// provisioning lifecycle (/services/{id}...). Both are the Services group's, so they are declared
// here.
import { Type } from 'typebox'
import { HttpProblem } from '../../src/problems/catalogue.js'
import { emptyRoute, itemRoute, listQuery, listRoute, resource, type Read } from '../../src/route/index.js'
import { productFields, type ConfigOptionT } from '../products/schemas.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { SERVICE_KEYS, Service, ServiceList, ServiceSuspend, ServiceUpdate, serviceFields, serviceUpdateParams } from './schemas.js'
import { toId, toList } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Services'

/** What a module route's 409 and 502 answers mean. */
const MODULE_PROBLEMS = {
  409: 'The service is not in a state the command applies to (the module\'s text is in `detail`), or its product has no provisioning module',
  502: 'The provisioning module failed (MODULE_FAILED, its text in `detail`), or WHMCS did'
}

/** A module command on one service: WHMCS's Module* actions take the service id only. */
const moduleCommand = (def: {
  url: string
  operationId: string
  summary: string
  description: string
  action: 'ModuleCreate' | 'ModuleUnsuspend' | 'ModuleTerminate' | 'ModuleChangePackage'
  example: number
  responseDescription: string
}) => emptyRoute({
  method: 'POST',
  url: def.url,
  operationId: def.operationId,
  summary: def.summary,
  description: def.description,
  group,
  action: def.action,
  failure: 'MODULE_FAILED',
  problems: MODULE_PROBLEMS,
  params: IdPathParams('Service id', def.example),
  responseDescription: def.responseDescription,
  request: ({ params }) => ({ serviceid: params.id })
})

/**
 * The configurable options of the product a service has, or will have with `productId`: their
 * types decide how UpdateClientProduct takes each choice (see serviceUpdateParams).
 */
async function productConfigOptions (read: Read, serviceId: number, productId: number | undefined): Promise<ConfigOptionT[]> {
  let pid = productId
  if (pid === undefined) {
    const [service] = toList<Record<string, unknown>>((await read('GetClientsProducts', { serviceid: serviceId })).products, 'product')
    if (service === undefined) throw new HttpProblem('NOT_FOUND', `Service ${serviceId} does not exist`)
    pid = toId(service.pid, 'pid')
  }
  const [product] = toList((await read('GetProducts', { pid: String(pid) })).products, 'product')
  return product === undefined ? [] : productFields.read(product, ['configOptions']).configOptions
}

export const routes = [
  listRoute({
    method: 'GET',
    url: '/clients/:id/services',
    operationId: 'listClientServices',
    summary: 'List a client\'s services',
    description: 'Pages through the services of a client account, optionally only those of one product or for one domain.',
    group,
    action: 'GetClientsProducts',
    params: IdPathParams('Client id'),
    query: listQuery({
      productId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only services of this product', examples: [2] })),
      domain: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'Only services for this domain name', examples: ['angstrom-shop.com'] }))
    }),
    response: ServiceList,
    responseDescription: 'A page of the client\'s services',
    request: ({ params, query }) => ({ clientid: params.id, pid: query.productId, domain: query.domain }),
    rows: { key: 'products', item: 'product', paging: 'whmcs' },
    read: (s) => serviceFields.read(s, SERVICE_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/services/:id',
    operationId: 'getService',
    summary: 'Get a service',
    description: 'Returns one service: its product, server, module account, billing and status.',
    group,
    action: 'GetClientsProducts',
    params: IdPathParams('Service id'),
    status: 200,
    response: ref(Service),
    responseDescription: 'The service',
    request: ({ params }) => ({ serviceid: params.id }),
    pick: { key: 'products', item: 'product', notFound: ({ params }) => `Service ${params.id} does not exist` },
    read: (service) => serviceFields.read(service, SERVICE_KEYS)
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/services/:id',
    operationId: 'updateService',
    summary: 'Update a service',
    description: 'Changes the given fields of a service as WHMCS records them, without running the provisioning module: a new `productId` reaches the module account with change-package, and a `status` given here is only recorded. A text field set to null is cleared. With `configOptions`, the service first reads the service\'s product (GetClientsProducts, unless `productId` is given) and its options (GetProducts), because WHMCS takes a quantity or yes/no choice in another form than a dropdown\'s.',
    group,
    action: 'UpdateClientProduct',
    params: IdPathParams('Service id', 10),
    body: ref(ServiceUpdate),
    responseDescription: 'The service was updated',
    request: async ({ params, body }, read) => {
      if (body.configOptions === undefined || body.configOptions.length === 0) return serviceUpdateParams(params.id, body)
      return serviceUpdateParams(params.id, body, await productConfigOptions(read, params.id, body.productId))
    }
  }),

  moduleCommand({
    url: '/services/:id/provision',
    operationId: 'provisionService',
    summary: 'Provision a service',
    description: 'Runs the provisioning module\'s create for a Pending service: the account is made on its server and the service becomes Active. Answers 409 when the service is not Pending or its product has no module, and 502 (MODULE_FAILED) with the module\'s text when the server refuses.',
    action: 'ModuleCreate',
    example: 9,
    responseDescription: 'The account was created and the service is Active'
  }),

  emptyRoute({
    method: 'POST',
    url: '/services/:id/suspend',
    operationId: 'suspendService',
    summary: 'Suspend a service',
    description: 'Runs the provisioning module\'s suspend for an Active service, with an optional reason shown to the client; the service becomes Suspended. Answers 409 when the service is not Active.',
    group,
    action: 'ModuleSuspend',
    failure: 'MODULE_FAILED',
    problems: MODULE_PROBLEMS,
    params: IdPathParams('Service id', 10),
    body: ref(ServiceSuspend),
    responseDescription: 'The service is Suspended',
    request: ({ params, body }) => ({ serviceid: params.id, suspendreason: body.reason })
  }),

  moduleCommand({
    url: '/services/:id/unsuspend',
    operationId: 'unsuspendService',
    summary: 'Unsuspend a service',
    description: 'Runs the provisioning module\'s unsuspend for a Suspended service, which becomes Active again. Answers 409 when the service is not Suspended.',
    action: 'ModuleUnsuspend',
    example: 11,
    responseDescription: 'The service is Active again'
  }),

  moduleCommand({
    url: '/services/:id/terminate',
    operationId: 'terminateService',
    summary: 'Terminate a service',
    description: 'Runs the provisioning module\'s terminate for an Active or Suspended service: the account is removed from its server and the service becomes Terminated. This cannot be undone. Answers 409 for a service in any other status.',
    action: 'ModuleTerminate',
    example: 12,
    responseDescription: 'The account was removed and the service is Terminated'
  }),

  moduleCommand({
    url: '/services/:id/change-package',
    operationId: 'changeServicePackage',
    summary: 'Apply a service\'s product to its account',
    description: 'Runs the provisioning module\'s change package for an Active or Suspended service: the account takes the limits of the product the service now has (set `productId` with PATCH first). The product must use the same module as the account; otherwise the module refuses with 502 (MODULE_FAILED).',
    action: 'ModuleChangePackage',
    example: 13,
    responseDescription: 'The account has the package of the service\'s product'
  })
]

export default resource({ schemas, routes })
