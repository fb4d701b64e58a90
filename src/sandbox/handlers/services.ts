// Service actions: GetClientsProducts, UpdateClientProduct (with the service's custom fields and
// config options, base64 PHP-serialized as WHMCS takes them), and the provisioning module's
// lifecycle (ModuleCreate, ModuleSuspend, ModuleUnsuspend, ModuleTerminate, ModuleChangePackage):
// Pending -> Active (create) <-> Suspended -> Terminated. A refused transition answers as the
// sandbox's modules word it; a product without a module answers "Service not assigned to a module".

import { paging, parseInt10, ActionError, type Params } from '../protocol/params.js'
import { moduleCreateFailure, setUpService } from '../engine/acceptance.js'
import { recurringPrice } from '../engine/pricing.js'
import { decodeSerializedArray, decodeSerializedFields, phpString } from '../protocol/php.js'
import { CONFIG_OPTION_TYPES, CYCLE_LABELS, parseCycle, type ConfigOptionRecord, type ConfigOptionType } from '../store/catalogue.js'
import type { Store } from '../store/index.js'
import { findGateway } from '../store/invoices.js'
import { SERVICE_STATUSES, type ServiceRecord, type ServiceStatus } from '../store/services.js'
import { formatCents, isoDate, parseCents } from '../protocol/text.js'
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
    overideautosuspend: s.overrideAutoSuspend ? 'on' : '',
    overidesuspenduntil: s.overrideSuspendUntil ?? '0000-00-00',
    notes: s.notes,
    // Every field and option of the product, as the admin area shows them: a field without a
    // value is empty, an option without a choice has none (or 0 units).
    customfields: {
      customfield: store.productCustomFields.ofProduct(s.productId).map(field => ({
        id: field.id,
        name: field.name,
        translated_name: field.name,
        value: s.customFields[String(field.id)] ?? ''
      }))
    },
    configoptions: { configoption: store.configOptions.ofProduct(s.productId).map(option => configOptionRow(option, s)) }
  }
}

/** An option type's word, as GetClientsProducts answers it: the inverse of CONFIG_OPTION_TYPES. */
const OPTION_TYPE_NAMES = Object.fromEntries(Object.entries(CONFIG_OPTION_TYPES).map(([name, code]) => [code, name])) as Readonly<Record<ConfigOptionType, string>>

/** A service's config option as GetClientsProducts shows it: the choice's name, or the units (yes/no: 1 or 0). */
function configOptionRow (option: ConfigOptionRecord, s: ServiceRecord): JsonObject {
  const chosen = s.configOptions[String(option.id)]
  const value = isChoice(option)
    ? option.choices.find(c => c.id === chosen)?.name ?? ''
    : String(chosen ?? 0)
  return { id: option.id, option: option.name, type: OPTION_TYPE_NAMES[option.type], value }
}

/** Whether an option is chosen as one of its sub-options (dropdown, radio), rather than by units (yes/no, quantity). */
const isChoice = (option: ConfigOptionRecord): boolean =>
  option.type === CONFIG_OPTION_TYPES.dropdown || option.type === CONFIG_OPTION_TYPES.radio

function GetClientsProducts ({ params, store }: ActionContext): JsonObject {
  const clientId = params.int('clientid') ?? 0
  if (clientId !== 0 && store.clients.get(clientId) === undefined) throw new ActionError('Client ID Not Found')
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
  if (params.text('serviceid') === '') throw new ActionError('Service ID is required')
  const service = store.services.get(params.int('serviceid') ?? 0)
  if (service === undefined) throw new ActionError(notFound)
  return service
}

/** A Y-m-d date parameter; WHMCS's text for a malformed one. */
function dateParam (params: Params, name: string, label: string): string | undefined {
  if (!params.has(name)) return undefined
  const date = params.text(name)
  if (!YMD.test(date)) throw new ActionError(`Invalid ${label}`)
  return date
}

/** An amount parameter in cents; WHMCS's text for a malformed one. */
function amountParam (params: Params, name: string, label: string): number | undefined {
  if (!params.has(name)) return undefined
  const cents = parseCents(params.text(name))
  if (cents === undefined) throw new ActionError(`Invalid ${label}`)
  return cents
}

/**
 * The text fields UpdateClientProduct sets only from a non-empty value (an empty one is ignored)
 * and clears when named in `unset[]`, by WHMCS's name. ns1, ns2 and assignedips, which it also
 * names, are not kept by the sandbox.
 */
const CLEARABLE = {
  domain: 'domain',
  serviceusername: 'username',
  servicepassword: 'password',
  subscriptionid: 'subscriptionId',
  dedicatedip: 'dedicatedIp',
  notes: 'notes',
  suspendreason: 'suspendReason'
} as const satisfies Record<string, keyof ServiceRecord>

/**
 * `customfields`: base64 of a serialized array of custom field id -> value. Fields that are not
 * the product's are ignored, as is a value that does not decode to an array.
 */
function setCustomFields (store: Store, service: ServiceRecord, base64: string): void {
  const values = decodeSerializedFields(base64)
  if (values === undefined) return
  for (const field of store.productCustomFields.ofProduct(service.productId)) {
    const value = values.get(String(field.id))
    if (value !== undefined) service.customFields[String(field.id)] = value
  }
}

/**
 * `configoptions`: base64 of a serialized array of config option id -> either a sub-option id, or
 * array('optionid' => sub-option id, 'qty' => units). WHMCS records the units of a yes/no or
 * quantity option from `qty` only: a bare id records 0. Options that are not the product's, and
 * sub-option ids that are not the option's, are ignored.
 */
function setConfigOptions (store: Store, service: ServiceRecord, base64: string): void {
  const values = decodeSerializedArray(base64)
  if (values === undefined) return
  for (const option of store.configOptions.ofProduct(service.productId)) {
    const given = values.get(option.id) ?? values.get(String(option.id))
    if (given === undefined) continue
    const optionId = parseInt10(phpString(given instanceof Map ? given.get('optionid') ?? null : given))
    const qty = given instanceof Map ? Math.max(0, parseInt10(phpString(given.get('qty') ?? null))) : 0
    if (isChoice(option)) {
      const choice = option.choices.find(c => c.id === optionId)
      if (choice !== undefined) service.configOptions[String(option.id)] = choice.id
    } else {
      service.configOptions[String(option.id)] = option.type === CONFIG_OPTION_TYPES.yesno ? Math.min(qty, 1) : qty
    }
  }
}

function UpdateClientProduct ({ params, store }: ActionContext): JsonObject {
  const service = serviceOf(params, store, 'Service ID Not Found')
  if (params.has('pid')) {
    const product = store.products.get(params.int('pid') ?? 0)
    if (product === undefined) throw new ActionError('Product ID not found')
    // The module account keeps its package until ModuleChangePackage.
    service.packageProductId ??= service.productId
    service.productId = product.id
  }
  if (params.has('serverid')) {
    const serverId = params.int('serverid') ?? 0
    if (serverId !== 0 && store.servers.get(serverId) === undefined) throw new ActionError('Server ID not found')
    service.serverId = serverId
  }
  const nextDueDate = dateParam(params, 'nextduedate', 'Next Due Date')
  if (nextDueDate !== undefined) {
    service.nextDueDate = nextDueDate
    service.nextInvoiceDate = nextDueDate
  }
  service.regDate = dateParam(params, 'regdate', 'Registration Date') ?? service.regDate
  service.terminationDate = dateParam(params, 'terminationdate', 'Termination Date') ?? service.terminationDate
  service.overrideSuspendUntil = dateParam(params, 'overidesuspenduntil', 'Override Suspend Until Date') ?? service.overrideSuspendUntil
  if (params.has('billingcycle')) {
    const cycle = parseCycle(params.text('billingcycle'))
    if (cycle === undefined) throw new ActionError('Invalid Billing Cycle')
    service.cycle = cycle
  }
  service.firstPaymentCents = amountParam(params, 'firstpaymentamount', 'First Payment Amount') ?? service.firstPaymentCents
  service.recurringCents = amountParam(params, 'recurringamount', 'Recurring Amount') ?? service.recurringCents
  if (params.has('status')) {
    const status = SERVICE_STATUSES.find(s => s.toLowerCase() === params.text('status').toLowerCase())
    if (status === undefined) throw new ActionError('Invalid Status')
    service.status = status
  }
  if (params.has('paymentmethod')) {
    const gateway = findGateway(params.text('paymentmethod'))
    if (gateway === undefined) throw new ActionError('Invalid Payment Method')
    service.paymentMethod = gateway.module
  }
  // 'on' or 'off' (any other word as PHP reads a flag).
  if (params.has('overideautosuspend')) service.overrideAutoSuspend = params.bool('overideautosuspend') === true
  for (const [name, field] of Object.entries(CLEARABLE)) {
    const value = params.text(name)
    if (value !== '') service[field] = value
  }
  for (const name of params.map('unset')?.values() ?? []) {
    const field = CLEARABLE[name.trim().toLowerCase() as keyof typeof CLEARABLE]
    if (field !== undefined) service[field] = ''
  }
  // Custom fields and options are the service's product's, after a change of product.
  const customFields = params.text('customfields')
  if (customFields !== '') setCustomFields(store, service, customFields)
  const configOptions = params.text('configoptions')
  if (configOptions !== '') setConfigOptions(store, service, configOptions)
  // Recalculation replaces any recurringamount given, from everything changed above.
  if (params.bool('autorecalc') === true) service.recurringCents = recurringPrice(store, service)
  return { result: 'success', serviceid: service.id }
}

/** A service whose product has a provisioning module, with that module. */
function moduleService (params: Params, store: Store): { service: ServiceRecord, module: string } {
  const service = serviceOf(params, store)
  const module = store.products.get(service.productId)?.module ?? ''
  if (module === '') throw new ActionError('Service not assigned to a module')
  return { service, module }
}

/** The module's refusal of a command in a status it does not run in. */
function refuse (status: ServiceStatus, allowed: readonly ServiceStatus[]): void {
  if (allowed.includes(status)) return
  if (status === 'Terminated') throw new ActionError('The account has already been terminated')
  if (status === 'Suspended') throw new ActionError('The account is already suspended')
  if (allowed.includes('Suspended') && !allowed.includes('Active')) throw new ActionError('The account is not suspended')
  if (status === 'Active') throw new ActionError('An account already exists for this service')
  throw new ActionError('The account is not active')
}

function ModuleCreate ({ params, store }: ActionContext): JsonObject {
  const { service, module } = moduleService(params, store)
  refuse(service.status, ['Pending'])
  const failure = moduleCreateFailure(service)
  if (failure !== undefined) throw new ActionError(failure)
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
    throw new ActionError(`Package change failed: the account was created by the ${from.module} module and cannot move to a ${module} product`)
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
