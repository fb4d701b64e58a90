// Placing an order as AddOrder does: the cart the handler and the seed fill in, validated, priced
// (see pricing.ts) and written whole: the order with its services, addons, domains and invoice.
// The seed places its orders through here too, so seeded orders are priced by the same code as
// new ones. Money is integer cents throughout.

import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { ActionError } from '../protocol/params.js'
import { markPaid } from './renewals.js'
import {
  discountOf, periodText, priceOptions, promoApplies, promoLine, usablePromotion,
  type Discount, type Line, type PricedOptions
} from './pricing.js'
import {
  CYCLE_MONTHS, cyclePrice, parseCycle, productCycles, tldOf,
  type Cycle, type ProductAddonRecord, type ProductRecord
} from '../store/catalogue.js'
import { RENEWABLE_DOMAIN_STATUSES, type DomainRecord } from '../store/domains.js'
import { findGateway, invoiceTotals, PAYMENT_GATEWAYS, type InvoiceRecord } from '../store/invoices.js'
import type { OrderRecord } from '../store/orders.js'
import type { ServiceAddonRecord, ServiceRecord } from '../store/services.js'
import type { Store } from '../store/index.js'
import { formatCents, isoDate, isoDateTime } from '../protocol/text.js'

// ---------------------------------------------------------------- the cart

export interface CartProduct {
  productId: number
  domain: string
  /** The billing cycle as sent ('annually', 'Semi-Annually'...). */
  cycle: string
  quantity: number
  /** Config option id -> value as sent: a sub-option id, a quantity, or 1/0 for yes/no. */
  configOptions: Map<string, string>
  /** Product custom field id -> value. */
  customFields: Map<string, string>
  /** Replaces the whole price (setup fee and options included), cents. */
  priceOverrideCents?: number
  /** Product addon ids to add to the service. */
  addonIds: number[]
}

export interface CartDomain {
  type: 'register' | 'transfer'
  domain: string
  /** Years. */
  period: number
  eppCode: string
  dnsManagement: boolean
  emailForwarding: boolean
  idProtection: boolean
  priceOverrideCents?: number
}

export interface Cart {
  clientId: number
  paymentMethod: string
  products: CartProduct[]
  domains: CartDomain[]
  /** Addons for services the client already has (an addon-only order). */
  addons: Array<{ addonId: number, serviceId: number }>
  /** Renewals of the client's own domains. */
  renewals: Array<{ domain: string, period: number }>
  promoCode: string
  /** Apply the promotion to every item, whatever it applies to. */
  promoOverride: boolean
  nameservers: string[]
  noInvoice: boolean
  ipAddress: string
  contactId: number
}

export function emptyCart (clientId: number, paymentMethod: string): Cart {
  return { clientId, paymentMethod, products: [], domains: [], addons: [], renewals: [], promoCode: '', promoOverride: false, nameservers: [], noInvoice: false, ipAddress: '', contactId: 0 }
}

export interface PlacedOrder {
  order: OrderRecord
  services: ServiceRecord[]
  addons: ServiceAddonRecord[]
  domains: DomainRecord[]
  invoice?: InvoiceRecord
}

/** The order number shown to clients: 10 digits derived from the id, stable across runs. */
export function orderNumber (id: number): string {
  const hex = createHash('sha1').update(`whmcs-sandbox-order-${id}`).digest('hex')
  return String(1_000_000_000 + (parseInt(hex.slice(0, 12), 16) % 9_000_000_000))
}

// ---------------------------------------------------------------- AddOrder

/**
 * Places an order as AddOrder does: validates the client, payment method, addons and renewals
 * (WHMCS's own error texts), prices every item in the client's currency, and creates the order
 * (Pending), its services, addons and domains (Pending) and its invoice (Unpaid). Products,
 * cycles and TLDs the install does not sell are left out of the cart, as WHMCS's cart does; an
 * unusable promotion code is ignored.
 */
export function placeOrder (store: Store, cart: Cart, now: Date): PlacedOrder {
  const client = store.clients.get(cart.clientId)
  if (client === undefined) throw new ActionError('Client ID Not Found')
  if (client.status === 'Closed') throw new ActionError(`Unable to add order when client status is ${client.status}`)
  if (findGateway(cart.paymentMethod) === undefined) {
    throw new ActionError(`Invalid Payment Method. Valid options include ${PAYMENT_GATEWAYS.map(g => g.module).join(',')}`)
  }
  if (cart.ipAddress !== '' && isIP(cart.ipAddress) === 0) throw new ActionError('Invalid IP address provided for \'clientip\'')
  const addonOnly = cart.addons.map(({ addonId, serviceId }) => {
    const addon = store.productAddons.get(addonId)
    if (addon === undefined) throw new ActionError('Addon ID invalid')
    const service = store.services.get(serviceId)
    if (service === undefined || service.clientId !== client.id) throw new ActionError(`Service ID ${serviceId} not owned by Client ID provided`)
    return { addon, service }
  })
  const renewals = cart.renewals.map(({ domain, period }) => {
    const owned = store.domains.findOfClient(client.id, domain)
    if (owned === undefined) throw new ActionError('Domain not owned by Client ID provided')
    if (!RENEWABLE_DOMAIN_STATUSES.includes(owned.status)) throw new ActionError(`Domain status is set to '${owned.status}' and cannot be renewed`)
    return { domain: owned, period }
  })

  const today = isoDate(now)
  const currencyId = client.currency
  const promo = usablePromotion(store, cart.promoCode === '' ? undefined : store.promotions.findByCode(cart.promoCode), client, today)
  let promoUsed = false

  // Price everything before writing anything: an order is created whole or not at all.
  interface PendingService { product: ProductRecord, cycle: Cycle, item: CartProduct, first: number, recurring: number, discount: Discount, options: PricedOptions, quantity: number }
  const pendingServices: PendingService[] = []
  for (const item of cart.products) {
    const product = store.products.get(item.productId)
    if (product === undefined || product.retired) continue
    const cycles = productCycles(product, currencyId)
    const asked = parseCycle(item.cycle)
    const cycle = asked !== undefined && cycles.includes(asked) ? asked : cycles[0]
    if (cycle === undefined) continue
    const base = cyclePrice(product.pricing, currencyId, cycle) ?? { price: 0, setup: 0 }
    const options = priceOptions(store.configOptions.ofProduct(product.id), item.configOptions, currencyId, cycle)
    let price = base.price + options.price
    let setup = base.setup + options.setup
    if (item.priceOverrideCents !== undefined) {
      price = item.priceOverrideCents
      setup = 0
    }
    const scaled = product.allowQty === 2 ? Math.max(1, item.quantity) : 1
    price *= scaled
    setup *= scaled
    const discount = promoApplies(promo, cart.promoOverride, String(product.id), cycle)
      ? discountOf(promo, price, setup, currencyId)
      : { first: 0, recurring: 0 }
    const copies = product.allowQty === 1 ? Math.max(1, item.quantity) : 1
    for (let i = 0; i < copies; i++) {
      pendingServices.push({ product, cycle, item, first: price + setup - discount.first, recurring: cycle === 'onetime' || cycle === 'free' ? 0 : price - discount.recurring, discount, options, quantity: scaled })
    }
  }
  const pendingDomains = cart.domains.flatMap(item => {
    const tld = tldOf(store.tlds.all(), item.domain)
    const prices = tld?.pricing[currencyId]
    if (tld === undefined || prices === undefined) return []
    const table = item.type === 'register' ? prices.register : prices.transfer
    const first = item.priceOverrideCents ?? table[item.period]
    const renew = prices.renew[item.period]
    if (first === undefined || renew === undefined) return []
    const discount = promoApplies(promo, cart.promoOverride, `D${tld.tld}`, 'annually')
      ? discountOf(promo, first, 0, currencyId)
      : { first: 0, recurring: 0 }
    return [{ item, tld, first, renew, discount }]
  })
  const pendingRenewals = renewals.flatMap(({ domain, period }) => {
    const tld = tldOf(store.tlds.all(), domain.domain)
    const price = tld?.pricing[currencyId]?.renew[period]
    return price === undefined ? [] : [{ domain, period, price }]
  })
  // Addons: for services the client has, then those ordered with a new service (by its index).
  const addonRequests: Array<{ addon: ProductAddonRecord, target: ServiceRecord | number }> = [
    ...addonOnly.map(({ addon, service }) => ({ addon, target: service })),
    ...pendingServices.flatMap((s, index) => s.item.addonIds.flatMap(id => {
      const addon = store.productAddons.get(id)
      return addon === undefined || !addon.productIds.includes(s.product.id) ? [] : [{ addon, target: index }]
    }))
  ]
  const pendingAddons = addonRequests.flatMap(({ addon, target }) => {
    const price = cyclePrice(addon.pricing, currencyId, addon.cycle)
    return price === undefined ? [] : [{ addon, target, price }]
  })
  if (pendingServices.length + pendingDomains.length + pendingRenewals.length + pendingAddons.length === 0) {
    throw new ActionError('No items added to cart so order cannot proceed')
  }

  // Write the order and its items.
  const owner = store.users.ownerOf(client.id)
  const order = store.orders.insert({
    orderNum: '',
    clientId: client.id,
    contactId: cart.contactId,
    requestorId: owner?.id ?? 0,
    adminRequestorId: 0,
    date: isoDateTime(now),
    nameservers: cart.nameservers.filter(ns => ns !== ''),
    transferSecrets: Object.fromEntries(cart.domains.filter(d => d.type === 'transfer' && d.eppCode !== '').map(d => [d.domain, d.eppCode])),
    promoCode: '',
    promoType: '',
    promoValue: '',
    amountCents: 0,
    currencyId,
    paymentMethod: cart.paymentMethod,
    invoiceId: 0,
    status: 'Pending',
    ipAddress: cart.ipAddress,
    fraudModule: '',
    fraudOutput: '',
    notes: '',
    renewalDomainIds: pendingRenewals.map(r => r.domain.id)
  })
  order.orderNum = orderNumber(order.id)
  const lines: Line[] = []

  const services = pendingServices.map(p => {
    const recurringCycle = p.cycle !== 'onetime' && p.cycle !== 'free'
    const customFields: Record<string, string> = {}
    for (const field of store.productCustomFields.ofProduct(p.product.id)) {
      const value = p.item.customFields.get(String(field.id))
      if (value !== undefined) customFields[String(field.id)] = value
    }
    const service = store.services.insert({
      clientId: client.id,
      orderId: order.id,
      productId: p.product.id,
      serverId: 0,
      regDate: today,
      domain: p.item.domain,
      paymentMethod: cart.paymentMethod,
      firstPaymentCents: p.first,
      recurringCents: p.recurring,
      cycle: p.cycle,
      nextDueDate: p.cycle === 'free' ? null : today,
      nextInvoiceDate: p.cycle === 'free' ? null : today,
      status: 'Pending',
      username: '',
      password: '',
      dedicatedIp: '',
      configOptions: { ...p.options.values },
      customFields,
      promotionId: p.discount.first > 0 || p.discount.recurring > 0 ? (promo?.id ?? 0) : 0,
      quantity: p.quantity,
      subscriptionId: '',
      suspendReason: '',
      terminationDate: null,
      overrideAutoSuspend: false,
      overrideSuspendUntil: null,
      notes: ''
    })
    const group = store.productGroups.get(p.product.groupId)
    const name = `${group === undefined ? '' : `${group.name} - `}${p.product.name}${p.item.domain === '' ? '' : ` - ${p.item.domain}`}`
    const period = recurringCycle ? periodText(today, CYCLE_MONTHS[p.cycle as keyof typeof CYCLE_MONTHS]) : ''
    const quantity = p.quantity > 1 ? ` x ${p.quantity}` : ''
    const full = p.first + p.discount.first
    lines.push({ type: 'Hosting', relId: service.id, description: [`${name}${quantity}${period}`, ...p.options.descriptions].join('\n'), amountCents: full, taxed: p.product.taxed })
    if (p.discount.first > 0 && promo !== undefined) {
      lines.push(promoLine(promo, p.discount.first, 'PromoHosting', service.id))
      promoUsed = true
    }
    return service
  })

  const addons = pendingAddons.map(({ addon, target: given, price }) => {
    const target = typeof given === 'number' ? services[given] : given
    const recurring = addon.cycle === 'onetime' || addon.cycle === 'free' ? 0 : price.price
    const record = store.serviceAddons.insert({
      orderId: order.id,
      serviceId: target.id,
      addonId: addon.id,
      name: addon.name,
      setupCents: price.setup,
      recurringCents: recurring,
      cycle: addon.cycle,
      status: 'Pending',
      regDate: today,
      nextDueDate: addon.cycle === 'free' ? null : today,
      paymentMethod: cart.paymentMethod
    })
    const period = addon.cycle in CYCLE_MONTHS ? periodText(today, CYCLE_MONTHS[addon.cycle as keyof typeof CYCLE_MONTHS]) : ''
    lines.push({ type: 'Addon', relId: record.id, description: `${addon.name}${target.domain === '' ? '' : ` - ${target.domain}`}${period}`, amountCents: price.price + price.setup, taxed: addon.taxed })
    return record
  })

  const domains = pendingDomains.map(({ item, tld, first, renew, discount }) => {
    const register = item.type === 'register'
    const domain = store.domains.insert({
      clientId: client.id,
      orderId: order.id,
      type: register ? 'Register' : 'Transfer',
      domain: item.domain.trim().toLowerCase(),
      registrationDate: null,
      expiryDate: null,
      period: item.period,
      registrar: tld.registrar,
      firstPaymentCents: first - discount.first,
      recurringCents: renew - discount.recurring,
      nextDueDate: today,
      nextInvoiceDate: today,
      paymentMethod: cart.paymentMethod,
      status: 'Pending',
      nameservers: cart.nameservers.filter(ns => ns !== ''),
      eppCode: item.eppCode,
      dnsManagement: item.dnsManagement,
      emailForwarding: item.emailForwarding,
      idProtection: item.idProtection,
      doNotRenew: false,
      subscriptionId: '',
      promotionId: discount.first > 0 ? (promo?.id ?? 0) : 0
    })
    const what = register ? 'Registration' : 'Transfer'
    lines.push({
      type: register ? 'DomainRegister' : 'DomainTransfer',
      relId: domain.id,
      description: `Domain ${what} - ${domain.domain} - ${item.period} Year/s${periodText(today, 12 * item.period)}`,
      amountCents: first,
      taxed: true
    })
    if (discount.first > 0 && promo !== undefined) {
      lines.push(promoLine(promo, discount.first, 'PromoDomain', domain.id))
      promoUsed = true
    }
    return domain
  })

  for (const { domain, period, price } of pendingRenewals) {
    const from = domain.expiryDate ?? today
    // The renewal bills the period from the domain's next due date, so paying it renews the domain.
    lines.push({ type: 'Domain', relId: domain.id, description: `Domain Renewal - ${domain.domain} - ${period} Year/s${periodText(from, 12 * period)}`, amountCents: price, taxed: true, dueDate: domain.nextDueDate ?? today })
  }

  if (promoUsed && promo !== undefined) {
    promo.uses++
    order.promoCode = promo.code
    order.promoType = promo.type
    order.promoValue = formatCents(promo.value)
  }

  let invoice: InvoiceRecord | undefined
  if (!cart.noInvoice) {
    let nextItemId = store.invoices.nextItemId()
    invoice = store.invoices.insert({
      clientId: client.id,
      invoiceNum: '',
      date: today,
      dueDate: today,
      datePaid: null,
      status: 'Unpaid',
      paymentMethod: cart.paymentMethod,
      currencyId,
      taxRate: 0,
      taxRate2: 0,
      creditCents: 0,
      paidCents: 0,
      notes: '',
      items: lines.map(line => ({ ...line, id: nextItemId++ }))
    })
    // WHMCS marks an invoice with nothing to pay as paid at once, which renews what it bills.
    if (invoiceTotals(invoice).totalCents === 0) markPaid(store, invoice, now)
    order.invoiceId = invoice.id
    order.amountCents = invoiceTotals(invoice).totalCents
  } else {
    order.amountCents = lines.reduce((sum, line) => sum + line.amountCents, 0)
  }
  for (const service of services) {
    const product = store.products.get(service.productId)
    if (product?.stockControl === true) product.quantityAvailable = Math.max(0, product.quantityAvailable - 1)
  }
  return { order, services, addons, domains, invoice }
}
