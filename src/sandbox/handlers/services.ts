// Service actions: GetClientsProducts, UpdateClientProduct, and the provisioning module's
// lifecycle (ModuleCreate, ModuleSuspend, ModuleUnsuspend, ModuleTerminate, ModuleChangePackage):
// Pending -> Active (create) <-> Suspended -> Terminated. A refused transition answers as the
// sandbox's modules word it; a product without a module answers "Service not assigned to a module".

import { paging, WhmcsError, type Params } from '../params.js'
import { moduleCreateFailure, setUpService } from '../ordering.js'
import { CYCLE_LABELS, parseCycle } from '../store/catalogue.js'
import type { Store } from '../store/index.js'
import { findGateway } from '../store/invoices.js'
import { SERVICE_STATUSES, type ServiceRecord, type ServiceStatus } from '../store/services.js'
import { formatCents, isoDate, parseCents } from '../text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

const YMD = /^\d{4}-\d{2}-\d{2}$/

function productRow (store: Store, s: ServiceRecord): JsonObject {
  const product = store.products.get(s.productId)
  const group = product === undefined ? undefined : store.productGroups.get(product.groupId)
  const server = store.servers.get(s.serverId)
  const order = store.orders.get(s.orderId)
  return {
    id: s.id,
    qty: s.quantity,
    clientid: s.clientId,
    orderid: s.orderId,
    ordernumber: order?.orderNum ?? '',
    pid: s.productId,
    regdate: s.regDate,
    name: product?.name ?? '',
    translated_name: product?.name ?? '',
    groupname: group?.name ?? '',
    translated_groupname: group?.name ?? '',
    domain: s.domain,
    dedicatedip: s.dedicatedIp,
    serverid: s.serverId,
    servername: server?.name ?? '',
    serverip: server?.ipAddress ?? '',
    serverhostname: server?.hostname ?? '',
    suspensionreason: s.suspendReason,
    firstpaymentamount: formatCents(s.firstPaymentCents),
    recurringamount: formatCents(s.recurringCents),
    paymentmethod: s.paymentMethod,
    paymentmethodname: findGateway(s.paymentMethod)?.name ?? s.paymentMethod,
    billingcycle: CYCLE_LABELS[s.cycle],
    nextduedate: s.nextDueDate ?? '0000-00-00',
    status: s.status,
    username: s.username,
    password: s.password,
    subscriptionid: s.subscriptionId,
    promoid: s.promotionId,
    notes: s.notes,
    customfields: { customfield: [] },
    configoptions: { configoption: [] }
  }
}

function GetClientsProducts ({ params, store }: ActionContext): JsonObject {
  const clientId = params.int('clientid') ?? 0
  if (clientId !== 0 && store.clients.get(clientId) === undefined) throw new WhmcsError('Client ID Not Found')
  const serviceId = params.int('serviceid') ?? 0
  const productId = params.int('pid') ?? 0
  const domain = params.text('domain').toLowerCase()
  const all = store.services.filter(s => (clientId === 0 || s.clientId === clientId) &&
    (serviceId === 0 || s.id === serviceId) && (productId === 0 || s.productId === productId) &&
    (domain === '' || s.domain.toLowerCase() === domain))
  const { start, num } = paging(params)
  const page = all.slice(start, start + num)
  return {
    result: 'success',
    clientid: clientId === 0 ? '' : String(clientId),
    serviceid: serviceId === 0 ? null : String(serviceId),
    pid: productId === 0 ? null : String(productId),
    domain: domain === '' ? null : domain,
    totalresults: all.length,
    startnumber: start,
    numreturned: page.length,
    // WHMCS answers "" rather than an empty list.
    products: page.length === 0 ? '' : { product: page.map(s => productRow(store, s)) }
  }
}

function serviceOf (params: Params, store: Store, notFound = 'Service ID not found'): ServiceRecord {
  if (params.text('serviceid') === '') throw new WhmcsError('Service ID is required')
  const service = store.services.get(params.int('serviceid') ?? 0)
  if (service === undefined) throw new WhmcsError(notFound)
  return service
}

function UpdateClientProduct ({ params, store }: ActionContext): JsonObject {
  const service = serviceOf(params, store, 'Service ID Not Found')
  if (params.has('pid')) {
    const product = store.products.get(params.int('pid') ?? 0)
    if (product === undefined) throw new WhmcsError('Product ID not found')
    // The module account keeps its package until ModuleChangePackage.
    service.packageProductId ??= service.productId
    service.productId = product.id
  }
  if (params.has('serverid')) {
    const serverId = params.int('serverid') ?? 0
    if (serverId !== 0 && store.servers.get(serverId) === undefined) throw new WhmcsError('Server ID not found')
    service.serverId = serverId
  }
  if (params.has('nextduedate')) {
    const date = params.text('nextduedate')
    if (!YMD.test(date)) throw new WhmcsError('Invalid Next Due Date')
    service.nextDueDate = date
    service.nextInvoiceDate = date
  }
  if (params.has('billingcycle')) {
    const cycle = parseCycle(params.text('billingcycle'))
    if (cycle === undefined) throw new WhmcsError('Invalid Billing Cycle')
    service.cycle = cycle
  }
  if (params.has('recurringamount')) {
    const cents = parseCents(params.text('recurringamount'))
    if (cents === undefined) throw new WhmcsError('Invalid Recurring Amount')
    service.recurringCents = cents
  }
  if (params.has('status')) {
    const status = SERVICE_STATUSES.find(s => s.toLowerCase() === params.text('status').toLowerCase())
    if (status === undefined) throw new WhmcsError('Invalid Status')
    service.status = status
  }
  if (params.has('paymentmethod')) {
    const gateway = findGateway(params.text('paymentmethod'))
    if (gateway === undefined) throw new WhmcsError('Invalid Payment Method')
    service.paymentMethod = gateway.module
  }
  if (params.has('domain')) service.domain = params.text('domain')
  if (params.has('notes')) service.notes = params.text('notes')
  if (params.has('serviceusername')) service.username = params.text('serviceusername')
  if (params.has('dedicatedip')) service.dedicatedIp = params.text('dedicatedip')
  if (params.has('suspendreason')) service.suspendReason = params.text('suspendreason')
  return { result: 'success', serviceid: service.id }
}

/** A service whose product has a provisioning module, with that module. */
function moduleService (params: Params, store: Store): { service: ServiceRecord, module: string } {
  const service = serviceOf(params, store)
  const module = store.products.get(service.productId)?.module ?? ''
  if (module === '') throw new WhmcsError('Service not assigned to a module')
  return { service, module }
}

/** The module's refusal of a command in a status it does not run in. */
function refuse (status: ServiceStatus, allowed: readonly ServiceStatus[]): void {
  if (allowed.includes(status)) return
  if (status === 'Terminated') throw new WhmcsError('The account has already been terminated')
  if (status === 'Suspended') throw new WhmcsError('The account is already suspended')
  if (allowed.includes('Suspended') && !allowed.includes('Active')) throw new WhmcsError('The account is not suspended')
  if (status === 'Active') throw new WhmcsError('An account already exists for this service')
  throw new WhmcsError('The account is not active')
}

function ModuleCreate ({ params, store }: ActionContext): JsonObject {
  const { service, module } = moduleService(params, store)
  refuse(service.status, ['Pending'])
  const failure = moduleCreateFailure(service)
  if (failure !== undefined) throw new WhmcsError(failure)
  setUpService(store, service, module)
  service.packageProductId = service.productId
  return { result: 'success' }
}

function ModuleSuspend ({ params, store }: ActionContext): JsonObject {
  const { service } = moduleService(params, store)
  refuse(service.status, ['Active'])
  service.status = 'Suspended'
  service.suspendReason = params.text('suspendreason')
  return { result: 'success' }
}

function ModuleUnsuspend ({ params, store }: ActionContext): JsonObject {
  const { service } = moduleService(params, store)
  refuse(service.status, ['Suspended'])
  service.status = 'Active'
  service.suspendReason = ''
  return { result: 'success' }
}

function ModuleTerminate ({ params, store, now }: ActionContext): JsonObject {
  const { service } = moduleService(params, store)
  refuse(service.status, ['Active', 'Suspended'])
  service.status = 'Terminated'
  service.terminationDate = isoDate(now())
  return { result: 'success' }
}

function ModuleChangePackage ({ params, store }: ActionContext): JsonObject {
  const { service, module } = moduleService(params, store)
  refuse(service.status, ['Active', 'Suspended'])
  const from = store.products.get(service.packageProductId ?? service.productId)
  if (from !== undefined && from.module !== module) {
    throw new WhmcsError(`Package change failed: the account was created by the ${from.module} module and cannot move to a ${module} product`)
  }
  service.packageProductId = service.productId
  return { result: 'success' }
}

export const serviceHandlers: HandlerGroup = {
  GetClientsProducts,
  UpdateClientProduct,
  ModuleCreate,
  ModuleSuspend,
  ModuleUnsuspend,
  ModuleTerminate,
  ModuleChangePackage
}
