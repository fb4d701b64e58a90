// Order actions: GetOrders, AddOrder, AcceptOrder, PendingOrder, CancelOrder, FraudOrder,
// DeleteOrder. The lifecycle itself is in ../engine/; this module reads WHMCS's parameters
// (AddOrder's parallel bracket arrays, base64 PHP-serialized config options and custom fields)
// and prints the answers the way WHMCS does: list ids are numbers, ids answered by AddOrder are
// strings (comma-separated for several), money is a decimal string.

import { ActionError, parseBool, parseInt10, type Params } from '../protocol/params.js'
import { decodeSerializedFields } from '../protocol/php.js'
import type { FormValue } from '../protocol/form.js'
import { acceptOrder, changeOrderStatus, deleteOrder, type AcceptOptions } from '../engine/acceptance.js'
import { emptyCart, placeOrder, type Cart, type CartDomain, type CartProduct } from '../engine/placing.js'
import { PRODUCT_TYPE_NAMES } from '../engine/pricing.js'
import { CYCLE_LABELS } from '../store/catalogue.js'
import { defaultCurrency, findCurrency } from '../store/currencies.js'
import { findGateway } from '../store/invoices.js'
import type { OrderRecord } from '../store/orders.js'
import type { Store } from '../store/index.js'
import { formatCents, parseCents } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

// ---------------------------------------------------------------- reading AddOrder

/**
 * A parallel-array parameter (`pid[0]`, `pid[1]`...) as index -> value. A scalar counts as index
 * 0, as AddOrder accepts `pid=1` for a one-product order.
 */
function indexed (params: Params, name: string): Map<string, string> {
  const raw: FormValue | undefined = params.raw(name)
  if (raw === undefined) return new Map()
  if (typeof raw === 'string') return new Map([['0', raw.trim()]])
  return new Map([...(params.map(name) ?? new Map<string, string>())].map(([k, v]) => [k, v.trim()]))
}

/** A parameter WHMCS insists on receiving as an array. */
function arrayParam (params: Params, name: string): Map<string, string> {
  const raw = params.raw(name)
  if (raw === undefined) return new Map()
  if (typeof raw === 'string') {
    if (raw.trim() === '') return new Map()
    throw new ActionError(`Expecting parameter '${name}' to be an array`)
  }
  return params.map(name) ?? new Map()
}

function serialized (value: string | undefined): Map<string, string> {
  if (value === undefined || value === '') return new Map()
  return decodeSerializedFields(value) ?? new Map()
}

function readCart (params: Params): Cart {
  const cart = emptyCart(params.int('clientid') ?? 0, params.text('paymentmethod'))
  const pid = indexed(params, 'pid')
  const domain = indexed(params, 'domain')
  const cycle = indexed(params, 'billingcycle')
  const qty = indexed(params, 'qty')
  const configOptions = indexed(params, 'configoptions')
  const customFields = indexed(params, 'customfields')
  const priceOverride = indexed(params, 'priceoverride')
  const addons = indexed(params, 'addons')
  for (const [i, id] of pid) {
    const productId = parseInt10(id)
    if (productId <= 0) continue
    const product: CartProduct = {
      productId,
      domain: domain.get(i) ?? '',
      cycle: cycle.get(i) ?? '',
      quantity: Math.max(1, parseInt10(qty.get(i) ?? '1')),
      configOptions: serialized(configOptions.get(i)),
      customFields: serialized(customFields.get(i)),
      addonIds: (addons.get(i) ?? '').split(',').map(a => parseInt10(a)).filter(a => a > 0)
    }
    const override = parseCents(priceOverride.get(i) ?? '')
    if (override !== undefined) product.priceOverrideCents = override
    cart.products.push(product)
  }

  const domainType = indexed(params, 'domaintype')
  const regPeriod = indexed(params, 'regperiod')
  const eppCode = indexed(params, 'eppcode')
  const dns = indexed(params, 'dnsmanagement')
  const forwarding = indexed(params, 'emailforwarding')
  const protection = indexed(params, 'idprotection')
  const domainOverride = indexed(params, 'domainpriceoverride')
  for (const [i, type] of domainType) {
    const kind = type.toLowerCase()
    if (kind !== 'register' && kind !== 'transfer') continue
    const entry: CartDomain = {
      type: kind,
      domain: domain.get(i) ?? '',
      period: Math.max(1, parseInt10(regPeriod.get(i) ?? '1')),
      eppCode: eppCode.get(i) ?? '',
      dnsManagement: parseBool(dns.get(i) ?? ''),
      emailForwarding: parseBool(forwarding.get(i) ?? ''),
      idProtection: parseBool(protection.get(i) ?? '')
    }
    const override = parseCents(domainOverride.get(i) ?? '')
    if (override !== undefined) entry.priceOverrideCents = override
    if (entry.domain !== '') cart.domains.push(entry)
  }

  const addonId = params.int('addonid') ?? 0
  if (addonId > 0) cart.addons.push({ addonId, serviceId: params.int('serviceid') ?? 0 })
  const addonIds = arrayParam(params, 'addonids')
  const serviceIds = arrayParam(params, 'serviceids')
  for (const [i, id] of addonIds) {
    cart.addons.push({ addonId: parseInt10(id), serviceId: parseInt10(serviceIds.get(i) ?? '0') })
  }
  for (const [name, years] of arrayParam(params, 'domainrenewals')) {
    cart.renewals.push({ domain: name, period: Math.max(1, parseInt10(years)) })
  }

  cart.promoCode = params.text('promocode')
  cart.promoOverride = params.bool('promooverride') === true
  cart.nameservers = [1, 2, 3, 4, 5].map(n => params.text(`nameserver${n}`)).filter(ns => ns !== '')
  cart.noInvoice = params.bool('noinvoice') === true
  cart.ipAddress = params.text('clientip')
  cart.contactId = Math.max(0, params.int('contactid') ?? 0)
  return cart
}

// ---------------------------------------------------------------- GetOrders answers

function lineItems (store: Store, order: OrderRecord): Json[] {
  const items: Json[] = []
  for (const service of store.services.ofOrder(order.id)) {
    const product = store.products.get(service.productId)
    const group = product === undefined ? undefined : store.productGroups.get(product.groupId)
    items.push({
      type: 'product',
      relid: service.id,
      producttype: product === undefined ? '' : PRODUCT_TYPE_NAMES[product.type],
      product: product === undefined ? '' : `${group === undefined ? '' : `${group.name} - `}${product.name}`,
      domain: service.domain,
      billingcycle: CYCLE_LABELS[service.cycle],
      amount: formatCents(service.firstPaymentCents),
      status: service.status
    })
  }
  for (const addon of store.serviceAddons.ofOrder(order.id)) {
    items.push({
      type: 'addon',
      relid: addon.id,
      producttype: 'Addon',
      product: addon.name,
      domain: store.services.get(addon.serviceId)?.domain ?? '',
      billingcycle: CYCLE_LABELS[addon.cycle],
      amount: formatCents(addon.setupCents + addon.recurringCents),
      status: addon.status
    })
  }
  for (const domain of store.domains.ofOrder(order.id)) {
    items.push({
      type: 'domain',
      relid: domain.id,
      producttype: domain.type === 'Register' ? 'Domain Registration' : 'Domain Transfer',
      product: '',
      domain: domain.domain,
      billingcycle: `${domain.period} Year(s)`,
      amount: formatCents(domain.firstPaymentCents),
      status: domain.status
    })
  }
  return items
}

function orderOut (store: Store, order: OrderRecord): JsonObject {
  const client = store.clients.get(order.clientId)
  const currency = findCurrency(order.currencyId) ?? defaultCurrency()
  const invoice = store.invoices.get(order.invoiceId)
  return {
    id: order.id,
    ordernum: Number(order.orderNum),
    userid: order.clientId,
    contactid: order.contactId,
    requestor_id: order.requestorId,
    admin_requestor_id: order.adminRequestorId,
    date: order.date,
    nameservers: order.nameservers.join(','),
    transfersecret: '',
    renewals: order.renewalDomainIds.join(','),
    renewalsByType: { domains: order.renewalDomainIds, services: [], addons: [] },
    promocode: order.promoCode,
    promotype: order.promoType,
    promovalue: order.promoValue,
    orderdata: '[]',
    amount: formatCents(order.amountCents),
    paymentmethod: order.paymentMethod,
    invoiceid: order.invoiceId,
    status: order.status,
    ipaddress: order.ipAddress,
    fraudmodule: order.fraudModule,
    fraudoutput: order.fraudOutput,
    notes: order.notes,
    paymentmethodname: findGateway(order.paymentMethod)?.name ?? order.paymentMethod,
    paymentstatus: invoice?.status ?? '',
    name: client === undefined ? '' : `${client.firstname} ${client.lastname}`,
    currencyprefix: currency.prefix,
    currencysuffix: currency.suffix,
    frauddata: '',
    validationdata: '',
    lineitems: { lineitem: lineItems(store, order) }
  }
}

// ---------------------------------------------------------------- actions

function getOrders ({ params, store }: ActionContext): JsonObject {
  const limitStart = Math.max(0, params.int('limitstart') ?? 0)
  const limitNumRaw = params.int('limitnum') ?? 25
  const limitNum = limitNumRaw > 0 ? limitNumRaw : 25
  const filter = (name: string): number | undefined => {
    const value = params.int(name)
    return value === undefined || value === 0 ? undefined : value
  }
  const status = params.text('status')
  const matches = store.orders.query({
    id: filter('id'),
    clientId: filter('userid'),
    requestorId: filter('requestor_id'),
    status: status === '' ? undefined : status
  })
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: matches.length,
    startnumber: limitStart,
    numreturned: page.length,
    orders: { order: page.map(order => orderOut(store, order)) }
  }
}

function addOrder ({ params, store, now }: ActionContext): JsonObject {
  const placed = placeOrder(store, readCart(params), now())
  const ids = (records: Array<{ id: number }>): string => records.map(r => r.id).join(',')
  return {
    result: 'success',
    orderid: String(placed.order.id),
    serviceids: ids(placed.services),
    addonids: ids(placed.addons),
    domainids: ids(placed.domains),
    invoiceid: String(placed.invoice?.id ?? 0)
  }
}

function orderId (params: Params): number {
  return params.int('orderid') ?? 0
}

function acceptOrderAction ({ params, store, now }: ActionContext): JsonObject {
  const opts: AcceptOptions = {}
  if (params.has('serverid')) opts.serverId = params.int('serverid')
  if (params.has('serviceusername')) opts.username = params.text('serviceusername')
  if (params.has('servicepassword')) opts.password = params.text('servicepassword')
  if (params.has('registrar')) opts.registrar = params.text('registrar')
  if (params.has('sendregistrar')) opts.sendRegistrar = params.bool('sendregistrar')
  if (params.has('autosetup')) opts.autoSetup = params.bool('autosetup')
  acceptOrder(store, orderId(params), opts, now())
  return { result: 'success' }
}

function pendingOrder ({ params, store }: ActionContext): JsonObject {
  const order = store.orders.get(orderId(params))
  if (order === undefined) throw new ActionError('Order ID Not Found')
  changeOrderStatus(store, order, 'Pending')
  return { result: 'success' }
}

function cancelOrder ({ params, store }: ActionContext): JsonObject {
  const order = store.orders.get(orderId(params))
  if (order === undefined || order.status !== 'Pending') throw new ActionError('Order ID not found or Status not Pending')
  changeOrderStatus(store, order, 'Cancelled')
  return { result: 'success' }
}

function fraudOrder ({ params, store }: ActionContext): JsonObject {
  const order = store.orders.get(orderId(params))
  if (order === undefined) throw new ActionError('Order ID Not Found')
  changeOrderStatus(store, order, 'Fraud')
  return { result: 'success' }
}

function deleteOrderAction ({ params, store }: ActionContext): JsonObject {
  const order = store.orders.get(orderId(params))
  if (order === undefined) throw new ActionError('Order ID not found')
  if (order.status !== 'Cancelled' && order.status !== 'Fraud') throw new ActionError('The order status must be in Cancelled or Fraud to be deleted')
  deleteOrder(store, order)
  return { result: 'success' }
}

export const orderHandlers: HandlerGroup = {
  GetOrders: getOrders,
  AddOrder: addOrder,
  AcceptOrder: acceptOrderAction,
  PendingOrder: pendingOrder,
  CancelOrder: cancelOrder,
  FraudOrder: fraudOrder,
  DeleteOrder: deleteOrderAction
}
