// What happens to an order once placed: accepting it (its services set up on their servers,
// domains registered or transfers started), moving it between statuses and deleting it; and what
// closing or deleting a client account does to its items.

import { createHash } from 'node:crypto'
import { ActionError } from '../protocol/params.js'
import type { DomainStatus } from '../store/domains.js'
import type { OrderRecord, OrderStatus } from '../store/orders.js'
import type { ServiceRecord, ServiceStatus } from '../store/services.js'
import type { Store } from '../store/index.js'
import { addMonths, isoDate } from '../protocol/text.js'

// ---------------------------------------------------------------- AcceptOrder

export interface AcceptOptions {
  serverId?: number
  username?: string
  password?: string
  registrar?: string
  sendRegistrar?: boolean
  /** Run the product module's create; undefined: as the product is configured. */
  autoSetup?: boolean
}

/** A username as hosting control panels make them: the domain's first label, at most 8 characters, unique on the server. */
function newUsername (store: Store, service: ServiceRecord, serverId: number): string {
  const base = (service.domain.split('.')[0] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^[0-9]+/, '').slice(0, 8) || 'user'
  const taken = new Set(store.services.filter(s => s.serverId === serverId && s.id !== service.id).map(s => s.username))
  if (!taken.has(base)) return base
  for (let i = 1; ; i++) {
    const candidate = `${base.slice(0, 8 - String(i).length)}${i}`
    if (!taken.has(candidate)) return candidate
  }
}

function newPassword (service: ServiceRecord): string {
  return `${createHash('sha256').update(`whmcs-sandbox-service-password-${service.id}`).digest('base64url').slice(0, 14)}#7a`
}

/**
 * The sandbox's provisioning modules refuse a domain on the reserved `.invalid` TLD, so tests can
 * see a module failure; every other create succeeds.
 */
export function moduleCreateFailure (service: ServiceRecord): string | undefined {
  return service.domain.toLowerCase().endsWith('.invalid')
    ? `Account creation failed: the server refused the domain name ${service.domain}`
    : undefined
}

/**
 * Sets a service up on its server (the default one of its module unless it has one) with a
 * username and password, and activates it: what AcceptOrder and ModuleCreate do once the
 * module's create has succeeded (see moduleCreateFailure).
 */
export function setUpService (store: Store, service: ServiceRecord, module: string, opts: Pick<AcceptOptions, 'serverId' | 'username' | 'password'> = {}): void {
  const serverId = opts.serverId ?? (service.serverId !== 0 ? service.serverId : (module === '' ? 0 : (store.servers.defaultFor(module)?.id ?? 0)))
  service.serverId = serverId
  if (opts.username !== undefined) service.username = opts.username
  else if (service.username === '' && module !== '') service.username = newUsername(store, service, serverId)
  if (opts.password !== undefined) service.password = opts.password
  else if (service.password === '' && module !== '') service.password = newPassword(service)
  service.status = 'Active'
}

/**
 * Accepts a Pending order as AcceptOrder does: its services are set up (the module's create when
 * autosetup applies) and activated, its addons activated, its registrations activated and its
 * transfers started; then the order is Active. A module failure changes nothing.
 */
export function acceptOrder (store: Store, orderId: number, opts: AcceptOptions, now: Date): OrderRecord {
  const order = store.orders.get(orderId)
  if (order === undefined || order.status !== 'Pending') throw new ActionError('Order ID not found or Status not Pending')
  const today = isoDate(now)
  const services = store.services.ofOrder(order.id).filter(s => s.status === 'Pending')
  const setups = services.map(service => {
    const product = store.products.get(service.productId)
    const module = product?.module ?? ''
    const autoSetup = module !== '' && (opts.autoSetup ?? (product?.autoSetup === 'on' || product?.autoSetup === 'order'))
    return { service, module, autoSetup }
  })
  for (const { service, autoSetup } of setups) {
    const failure = autoSetup ? moduleCreateFailure(service) : undefined
    if (failure !== undefined) throw new ActionError(failure)
  }
  for (const { service, module } of setups) setUpService(store, service, module, opts)
  for (const addon of store.serviceAddons.ofOrder(order.id)) if (addon.status === 'Pending') addon.status = 'Active'
  for (const domain of store.domains.ofOrder(order.id)) {
    if (domain.status !== 'Pending') continue
    if (opts.registrar !== undefined && opts.registrar !== '') domain.registrar = opts.registrar
    if (domain.type === 'Transfer') {
      domain.status = 'Pending Transfer'
      continue
    }
    domain.status = 'Active'
    domain.registrationDate = today
    domain.expiryDate = addMonths(today, 12 * domain.period)
    domain.nextDueDate = domain.expiryDate
    domain.nextInvoiceDate = domain.expiryDate
  }
  order.status = 'Active'
  return order
}

// ---------------------------------------------------------------- status changes

/**
 * Moves an order and everything it created to Pending, Cancelled or Fraud, as WHMCS's
 * changeOrderStatus does: a cancelled or fraudulent order's unpaid invoice is cancelled, and
 * returning an order to Pending reopens its cancelled invoice.
 */
export function changeOrderStatus (store: Store, order: OrderRecord, status: Exclude<OrderStatus, 'Active'>): void {
  order.status = status
  const itemStatus: ServiceStatus & DomainStatus = status
  for (const service of store.services.ofOrder(order.id)) service.status = itemStatus
  for (const addon of store.serviceAddons.ofOrder(order.id)) addon.status = itemStatus
  for (const domain of store.domains.ofOrder(order.id)) domain.status = itemStatus
  const invoice = store.invoices.get(order.invoiceId)
  if (invoice === undefined) return
  if (status === 'Pending' && invoice.status === 'Cancelled') invoice.status = 'Unpaid'
  if (status !== 'Pending' && invoice.status === 'Unpaid') invoice.status = 'Cancelled'
}

/** Deletes an order with its services, addons, domains and invoice, as DeleteOrder does. */
export function deleteOrder (store: Store, order: OrderRecord): void {
  for (const service of store.services.ofOrder(order.id)) {
    for (const addon of store.serviceAddons.ofService(service.id)) store.serviceAddons.delete(addon.id)
    store.services.delete(service.id)
  }
  for (const addon of store.serviceAddons.ofOrder(order.id)) store.serviceAddons.delete(addon.id)
  for (const domain of store.domains.ofOrder(order.id)) store.domains.delete(domain.id)
  if (order.invoiceId !== 0) store.invoices.delete(order.invoiceId)
  store.orders.delete(order.id)
}

// ---------------------------------------------------------------- client accounts

/**
 * What CloseClient does to an account's records: its live services, addons and domains are
 * cancelled, and so are its unpaid invoices.
 */
export function cancelClientItems (store: Store, clientId: number): void {
  const live: ReadonlySet<string> = new Set(['Pending', 'Active', 'Suspended'])
  for (const service of store.services.ofClient(clientId)) {
    if (live.has(service.status)) service.status = 'Cancelled'
    for (const addon of store.serviceAddons.ofService(service.id)) if (live.has(addon.status)) addon.status = 'Cancelled'
  }
  const liveDomains: ReadonlySet<DomainStatus> = new Set(['Pending', 'Pending Registration', 'Pending Transfer', 'Active'])
  for (const domain of store.domains.ofClient(clientId)) if (liveDomains.has(domain.status)) domain.status = 'Cancelled'
  for (const invoice of store.invoices.ofClient(clientId)) if (invoice.status === 'Unpaid') invoice.status = 'Cancelled'
}

/** What DeleteClient removes with an account: its orders, services, addons, domains and invoices. */
export function deleteClientItems (store: Store, clientId: number): void {
  for (const service of store.services.ofClient(clientId)) {
    for (const addon of store.serviceAddons.ofService(service.id)) store.serviceAddons.delete(addon.id)
    store.services.delete(service.id)
  }
  for (const domain of store.domains.ofClient(clientId)) store.domains.delete(domain.id)
  for (const invoice of store.invoices.ofClient(clientId)) store.invoices.delete(invoice.id)
  for (const order of store.orders.ofClient(clientId)) store.orders.delete(order.id)
}
