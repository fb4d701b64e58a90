// The order lifecycle as WHMCS runs it: pricing a cart, placing the order with its services,
// addons, domains and invoice, accepting it and moving it between statuses. The handlers call
// these once they have read their parameters; the seed calls them too, so seeded orders are
// priced by the same code as new ones. Money is integer cents throughout.

import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import { ActionError } from '../protocol/params.js'
import { markPaid } from './renewals.js'
import {
  CONFIG_OPTION_TYPES, CYCLE_LABELS, CYCLE_MONTHS, cyclePrice, parseCycle, productCycles, tldOf,
  type ConfigOptionRecord, type Cycle, type ProductAddonRecord, type ProductRecord, type PromotionRecord
} from '../store/catalogue.js'
import type { ClientRecord } from '../store/clients.js'
import { convertFromDefault } from '../store/currencies.js'
import { RENEWABLE_DOMAIN_STATUSES, type DomainRecord, type DomainStatus } from '../store/domains.js'
import { findGateway, invoiceTotals, PAYMENT_GATEWAYS, percentOf, type InvoiceItemRecord, type InvoiceRecord } from '../store/invoices.js'
import type { OrderRecord, OrderStatus } from '../store/orders.js'
import type { ServiceAddonRecord, ServiceRecord, ServiceStatus } from '../store/services.js'
import type { Store } from '../store/index.js'
import { addDays, addMonths, displayDate, formatCents, isoDate, isoDateTime } from '../protocol/text.js'

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

type Line = Omit<InvoiceItemRecord, 'id'>

// ---------------------------------------------------------------- helpers

/** The order number shown to clients: 10 digits derived from the id, stable across runs. */
export function orderNumber (id: number): string {
  const hex = createHash('sha1').update(`whmcs-sandbox-order-${id}`).digest('hex')
  return String(1_000_000_000 + (parseInt(hex.slice(0, 12), 16) % 9_000_000_000))
}

/** The last day a cycle bought on `from` covers. */
function periodEnd (from: string, months: number): string {
  return addDays(addMonths(from, months), -1)
}

/** The period a line bills, as WHMCS prints it: ' (01/02/2026 - 28/02/2026)'. */
export function periodText (from: string, months: number): string {
  return ` (${displayDate(from)} - ${displayDate(periodEnd(from, months))})`
}

/** Whether a promotion may be used by this client today. Unusable codes are ignored, as WHMCS does. */
function usablePromotion (store: Store, promo: PromotionRecord | undefined, client: ClientRecord, today: string): PromotionRecord | undefined {
  if (promo === undefined) return undefined
  if (promo.startDate !== null && promo.startDate > today) return undefined
  if (promo.expirationDate !== null && promo.expirationDate < today) return undefined
  if (promo.maxUses > 0 && promo.uses >= promo.maxUses) return undefined
  const orders = store.orders.ofClient(client.id)
  if (promo.newSignups && orders.length > 0) return undefined
  if (promo.existingClient && !store.services.ofClient(client.id).some(s => s.status === 'Active')) return undefined
  if (promo.oncePerClient && orders.some(o => o.promoCode.toLowerCase() === promo.code.toLowerCase())) return undefined
  return promo
}

interface Discount {
  /** Taken off the first payment. */
  first: number
  /** Taken off every renewal. */
  recurring: number
}

/** What a promotion takes off an item priced `price` + `setup`, in the client's currency. */
function discountOf (promo: PromotionRecord, price: number, setup: number, currencyId: number): Discount {
  let first: number
  switch (promo.type) {
    case 'Percentage':
      first = percentOf(price, promo.value)
      break
    case 'Fixed Amount':
      first = Math.min(price, convertFromDefault(promo.value, currencyId))
      break
    case 'Price Override':
      first = Math.max(0, price - convertFromDefault(promo.value, currencyId))
      break
    case 'Free Setup':
      return { first: setup, recurring: 0 }
  }
  return { first, recurring: promo.recurring ? first : 0 }
}

function promoLine (promo: PromotionRecord, amount: number, type: 'PromoHosting' | 'PromoDomain', relId: number): Line {
  const value = promo.type === 'Percentage' ? `${formatCents(promo.value)}%` : promo.type
  const kind = promo.recurring ? 'Recurring' : 'One Time'
  return { type, relId, description: `Promotional Code: ${promo.code} - ${value} ${kind} Discount`, amountCents: -amount, taxed: false }
}

function promoApplies (promo: PromotionRecord | undefined, override: boolean, key: string, cycle: Cycle): promo is PromotionRecord {
  if (promo === undefined) return false
  if (!override && !promo.appliesTo.includes(key)) return false
  return promo.cycles.length === 0 || promo.cycles.includes(CYCLE_LABELS[cycle])
}

interface PricedOptions {
  price: number
  setup: number
  /** Option id -> stored value. */
  values: Record<string, number>
  /** One line per option for the invoice description. */
  descriptions: string[]
}

/** Prices a product's config options as chosen; a missing or unknown choice falls back to the first. */
function priceOptions (options: readonly ConfigOptionRecord[], chosen: Map<string, string>, currencyId: number, cycle: Cycle): PricedOptions {
  const out: PricedOptions = { price: 0, setup: 0, values: {}, descriptions: [] }
  for (const option of options) {
    const raw = chosen.get(String(option.id))
    const number = raw === undefined ? NaN : Number.parseInt(raw, 10)
    const visible = option.choices.filter(c => !c.hidden)
    let choice = visible[0]
    let units = 1
    let text: string
    switch (option.type) {
      case CONFIG_OPTION_TYPES.quantity: {
        const max = option.maxQty > 0 ? option.maxQty : Number.MAX_SAFE_INTEGER
        units = Math.min(max, Math.max(option.minQty, Number.isNaN(number) ? option.minQty : number))
        text = `${units} x ${choice?.name ?? ''}`
        break
      }
      case CONFIG_OPTION_TYPES.yesno:
        units = raw !== undefined && (number > 0 || raw.toLowerCase() === 'on') ? 1 : 0
        text = units === 1 ? 'Yes' : 'No'
        break
      default:
        choice = visible.find(c => c.id === number) ?? visible[0]
        text = choice?.name ?? ''
    }
    if (choice === undefined) continue
    const unit = cyclePrice(choice.pricing, currencyId, cycle) ?? { price: 0, setup: 0 }
    out.price += unit.price * units
    out.setup += unit.setup * units
    out.values[String(option.id)] = option.type === CONFIG_OPTION_TYPES.dropdown || option.type === CONFIG_OPTION_TYPES.radio ? choice.id : units
    out.descriptions.push(`${option.name}: ${text}`)
  }
  return out
}

/**
 * What a service costs each cycle at the catalogue's prices (UpdateClientProduct's autorecalc):
 * its product and config options as chosen, in the client's currency, scaled by a quantity and
 * less a recurring promotion, as an order prices it. One-time and free services renew for 0.
 */
export function recurringPrice (store: Store, service: ServiceRecord): number {
  if (service.cycle === 'onetime' || service.cycle === 'free') return 0
  const product = store.products.get(service.productId)
  const client = store.clients.get(service.clientId)
  if (product === undefined || client === undefined) return service.recurringCents
  const base = cyclePrice(product.pricing, client.currency, service.cycle) ?? { price: 0, setup: 0 }
  const chosen = new Map(Object.entries(service.configOptions).map(([id, value]) => [id, String(value)]))
  const options = priceOptions(store.configOptions.ofProduct(product.id), chosen, client.currency, service.cycle)
  const price = (base.price + options.price) * (product.allowQty === 2 ? Math.max(1, service.quantity) : 1)
  const promo = store.promotions.get(service.promotionId)
  return promo === undefined ? price : price - discountOf(promo, price, 0, client.currency).recurring
}

/** Line-item words for a product type, as WHMCS's order lines print them. */
export const PRODUCT_TYPE_NAMES: Readonly<Record<ProductRecord['type'], string>> = {
  hostingaccount: 'Shared Hosting',
  reselleraccount: 'Reseller Hosting',
  server: 'Dedicated/VPS Server',
  other: 'Other Product/Service'
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
