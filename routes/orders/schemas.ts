// Orders: the order as GetOrders answers it (with its lines), the resource-shaped body of a new
// order that routes/orders translates into AddOrder's parallel arrays, and the bodies of the
// state changes.
import { Type, type Static } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import type { ActionParams, ActionResult } from '../../src/whmcs/actions.js'
import { serializedFields } from '../../src/whmcs/encode.js'
import { toCsvList, toId, toInt, toList } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, MoneyIn, ref, LINE_MAX } from '../../src/schemas/common.js'
import { CustomFieldValue } from '../clients/schemas.js'
import { BillingCycle, ConfigOptionValue } from '../products/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetOrders: {
      params: {
        limitstart?: Int
        limitnum?: Int
        id?: Int
        userid?: Int
        requestor_id?: Int
        status?: string
      }
      result: Paged & { orders?: Loose }
    }
    AddOrder: {
      params: {
        clientid: Int
        paymentmethod: string
        /** Parallel arrays, one index per product (and per domain registration or transfer). */
        pid?: Array<Int | undefined>
        domain?: Array<string | undefined>
        billingcycle?: Array<string | undefined>
        qty?: Array<Int | undefined>
        /** base64 of a PHP-serialized array of option id -> value, per product. */
        configoptions?: Array<string | undefined>
        /** base64 of a PHP-serialized array of custom field id -> value, per product. */
        customfields?: Array<string | undefined>
        priceoverride?: Array<string | undefined>
        /** Comma-separated addon ids, per product. */
        addons?: Array<string | undefined>
        domaintype?: Array<'register' | 'transfer' | undefined>
        regperiod?: Array<Int | undefined>
        eppcode?: Array<string | undefined>
        dnsmanagement?: Array<Flag | undefined>
        emailforwarding?: Array<Flag | undefined>
        idprotection?: Array<Flag | undefined>
        domainpriceoverride?: Array<string | undefined>
        nameserver1?: string
        nameserver2?: string
        nameserver3?: string
        nameserver4?: string
        nameserver5?: string
        addonids?: Int[]
        serviceids?: Int[]
        /** Domain name -> years. */
        domainrenewals?: Record<string, Int>
        promocode?: string
        promooverride?: Flag
        affid?: Int
        contactid?: Int
        clientip?: string
        noinvoice?: Flag
        noinvoiceemail?: Flag
        noemail?: Flag
      }
      result: { orderid?: Loose, invoiceid?: Loose, serviceids?: Loose, productids?: Loose, addonids?: Loose, domainids?: Loose }
    }
    AcceptOrder: {
      params: {
        orderid: Int
        serverid?: Int
        serviceusername?: string
        servicepassword?: string
        registrar?: string
        sendregistrar?: Flag
        autosetup?: Flag
        sendemail?: Flag
      }
      result: Record<string, Loose>
    }
    PendingOrder: {
      params: { orderid: Int }
      result: Record<string, Loose>
    }
    CancelOrder: {
      params: { orderid: Int, cancelsub?: Flag, noemail?: Flag }
      result: Record<string, Loose>
    }
    FraudOrder: {
      params: { orderid: Int, cancelsub?: Flag }
      result: Record<string, Loose>
    }
    DeleteOrder: {
      params: { orderid: Int }
      result: Record<string, Loose>
    }
  }
}

/** The statuses WHMCS ships with; installs can add their own, so answers may hold others. */
export const ORDER_STATUSES = ['Pending', 'Active', 'Cancelled', 'Fraud'] as const

/** The fields of an order line (`lineitems.lineitem[]`). */
export const orderLineFields = defineMapping({
  type: f.text('type', 'What the line is: `product`, `addon` or `domain`', { examples: ['product'] }),
  relId: f.id('relid', 'Id of the service, service addon or domain the line created'),
  productType: f.text('producttype', 'Kind of item, in WHMCS\'s words', { examples: ['Shared Hosting'] }),
  product: f.text('product', 'Product group and name, or addon name; empty for domains', { examples: ['Shared Hosting - Business'] }),
  domain: f.text('domain', 'Domain name of the item; empty when it has none', { examples: ['example.com'] }),
  billingCycle: f.text('billingcycle', 'Billing cycle of the item, in WHMCS\'s words', { examples: ['Annually'] }),
  amount: f.money('amount', 'What the item costs on the order, in the client\'s currency', { examples: ['99.90'] }),
  status: f.text('status', 'Status of the service, addon or domain', { examples: ['Pending'] })
})

export const OrderLine = component('OrderLine', Type.Object(orderLineFields.properties(Object.keys(orderLineFields.fields) as Array<keyof typeof orderLineFields.fields>), {
  description: 'One item of an order',
  additionalProperties: false
}))

/** The order fields, in the API's words and WHMCS's. */
export const orderFields = defineMapping({
  id: f.id('id', 'Order id'),
  orderNum: f.text('ordernum', 'The order number shown to the client (10 digits)', { maxLength: 32, examples: ['7858259149'] }),
  clientId: f.id('userid', 'Id of the client who ordered'),
  contactId: f.ref('contactid', 'Contact the order\'s domains use; null for the client'),
  requestorId: f.ref('requestor_id', 'Id of the user who placed the order; null when staff did'),
  adminRequestorId: f.ref('admin_requestor_id', 'Id of the admin who placed the order; null when a user did'),
  date: f.dateTime('date', 'When the order was placed'),
  status: f.text('status', `Order status: ${ORDER_STATUSES.join(', ')}, or a status the install added`, { examples: ['Pending'] }),
  amount: f.money('amount', 'The order total, in the client\'s currency', { examples: ['119.80'] }),
  currencyPrefix: f.text('currencyprefix', 'What WHMCS prints before amounts in the client\'s currency', { examples: ['$'] }),
  currencySuffix: f.text('currencysuffix', 'What WHMCS prints after amounts in the client\'s currency', { examples: [' USD'] }),
  paymentMethod: f.text('paymentmethod', 'Payment gateway module', { examples: ['paypal'] }),
  paymentMethodName: f.text('paymentmethodname', 'Display name of the payment gateway', { examples: ['PayPal'] }),
  invoiceId: f.ref('invoiceid', 'The invoice billing the order; null when it was placed without one'),
  paymentStatus: f.text('paymentstatus', 'Status of the order\'s invoice; empty without one', { examples: ['Unpaid'] }),
  promoCode: f.text('promocode', 'Promotion code applied; empty for none', { examples: ['SPRING10'] }),
  promoType: f.text('promotype', 'Type of the promotion applied', { examples: ['Percentage'] }),
  promoValue: f.text('promovalue', 'Value of the promotion applied (a percentage or an amount)', { examples: ['10.00'] }),
  nameservers: f.custom('nameservers', Type.Array(Type.String({ maxLength: 255 }), { maxItems: 5, description: 'Nameservers given for the order\'s domains (WHMCS keeps five at most)', examples: [['ns1.example.net', 'ns2.example.net']] }),
    (v) => toCsvList(v)),
  ipAddress: f.text('ipaddress', 'IP address the order came from', { examples: ['203.0.113.7'] }),
  fraudModule: f.text('fraudmodule', 'Fraud check module that checked the order; empty for none'),
  notes: f.text('notes', 'Notes visible to staff only'),
  clientName: f.text('name', 'Name of the client who ordered', { examples: ['Zoë O\'Brien'] }),
  lines: f.custom('lineitems', Type.Array(ref(OrderLine), { description: 'The services, addons and domains ordered' }),
    (v) => toList(v, 'lineitem').map((line) => orderLineFields.read(line)))
})

export const ORDER_KEYS = Object.keys(orderFields.fields) as Array<keyof typeof orderFields.fields>

export const Order = component('Order', Type.Object(orderFields.properties(ORDER_KEYS), {
  description: 'An order: what a client bought, its invoice and where it stands',
  additionalProperties: false
}))

export const OrderList = listOf('OrderList', Order, 'A page of orders, newest first')

/** The most items of each kind one order may carry. */
const ITEMS_MAX = 100

const DomainName = Type.String({
  pattern: '^[^\\s/@]{1,253}$',
  minLength: 1,
  maxLength: 253,
  description: 'A domain name (internationalised names may be given in Unicode)',
  examples: ['example.com']
})
const Years = Type.Integer({ format: 'int32', minimum: 1, maximum: 10, default: 1, description: 'Registration period in years' })

export const OrderItemCreate = component('OrderItemCreate', Type.Object({
  productId: Type.Integer({ ...int32(1), description: 'The product ordered', examples: [2] }),
  billingCycle: Type.Optional(BillingCycle),
  domain: Type.Optional({ ...DomainName, description: 'The domain the service is for' }),
  quantity: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 999, description: 'How many (for products that allow a quantity; WHMCS 8.12 or later)', examples: [1] })),
  configOptions: Type.Optional(Type.Array(ref(ConfigOptionValue), { maxItems: ITEMS_MAX, description: 'Values of configurable options; an option left out takes its default' })),
  customFields: Type.Optional(Type.Array(ref(CustomFieldValue), { maxItems: ITEMS_MAX, description: 'Values of the product\'s custom fields' })),
  priceOverride: Type.Optional(MoneyIn('A price replacing the catalogue\'s, setup fee and options included, in the client\'s currency', '9.99')),
  addons: Type.Optional(Type.Array(Type.Integer(int32(1)), { maxItems: 20, uniqueItems: true, description: 'Product addon ids to add to the service', examples: [[1]] }))
}, { description: 'A product to order', additionalProperties: false }))

export const OrderDomainCreate = component('OrderDomainCreate', Type.Object({
  domain: DomainName,
  type: Type.Enum(['register', 'transfer'], { type: 'string', description: 'Register the domain, or transfer it in', examples: ['register'] }),
  period: Type.Optional(Years),
  eppCode: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Transfer (EPP) code of a domain transferred in' })),
  dnsManagement: Type.Optional(Type.Boolean({ description: 'Add DNS management' })),
  emailForwarding: Type.Optional(Type.Boolean({ description: 'Add email forwarding' })),
  idProtection: Type.Optional(Type.Boolean({ description: 'Add ID protection' })),
  priceOverride: Type.Optional(MoneyIn('A registration or transfer price replacing the catalogue\'s, in the client\'s currency', '9.99'))
}, { description: 'A domain to register or transfer in. Give it the same name as a product item\'s `domain` to order both together.', additionalProperties: false }))

export const OrderAddonCreate = component('OrderAddonCreate', Type.Object({
  addonId: Type.Integer({ ...int32(1), description: 'The product addon', examples: [2] }),
  serviceId: Type.Integer({ ...int32(1), description: 'The client\'s existing service to add it to', examples: [1] })
}, { description: 'An addon for a service the client already has', additionalProperties: false }))

export const OrderDomainRenewal = component('OrderDomainRenewal', Type.Object({
  domain: DomainName,
  period: Years
}, { description: 'A renewal of one of the client\'s domains', additionalProperties: false }))

export const orderCreateExample = {
  clientId: 1,
  paymentMethod: 'paypal',
  promoCode: 'SPRING10',
  items: [
    { productId: 2, billingCycle: 'annually', domain: 'example.com', configOptions: [{ id: 1, value: 20 }], customFields: [{ id: 1, value: 'Business' }], addons: [1] },
    { productId: 4, billingCycle: 'monthly', configOptions: [{ id: 2, value: 3 }, { id: 4, value: 1 }], customFields: [{ id: 2, value: 'vps1.example.com' }] }
  ],
  domains: [{ domain: 'example.com', type: 'register', period: 1 }],
  nameservers: ['ns1.example.net', 'ns2.example.net']
}

export const OrderCreate = component('OrderCreate', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'The client ordering', examples: [1] }),
  paymentMethod: Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', minLength: 1, maxLength: 64, description: 'Payment gateway module of the order (e.g. `paypal`, `banktransfer`)', examples: ['paypal'] }),
  items: Type.Optional(Type.Array(ref(OrderItemCreate), { maxItems: ITEMS_MAX, description: 'Products to order' })),
  domains: Type.Optional(Type.Array(ref(OrderDomainCreate), { maxItems: ITEMS_MAX, description: 'Domains to register or transfer in' })),
  addons: Type.Optional(Type.Array(ref(OrderAddonCreate), { maxItems: ITEMS_MAX, description: 'Addons for services the client already has' })),
  domainRenewals: Type.Optional(Type.Array(ref(OrderDomainRenewal), { maxItems: ITEMS_MAX, description: 'Renewals of the client\'s domains' })),
  nameservers: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}$', maxLength: 253 }), { maxItems: 5, description: 'Nameservers for every domain of the order (WHMCS takes them per order, not per domain)', examples: [['ns1.example.net', 'ns2.example.net']] })),
  promoCode: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'A promotion code. WHMCS ignores one that is unknown, expired or used up: the order is then placed at full price.', examples: ['SPRING10'] })),
  promoOverride: Type.Optional(Type.Boolean({ description: 'Apply the promotion to every item, including those it does not list' })),
  contactId: Type.Optional(Type.Integer({ ...int32(1), description: 'A contact of the client for the order\'s domains' })),
  affiliateId: Type.Optional(Type.Integer({ ...int32(1), description: 'The affiliate to credit with the order' })),
  clientIp: Type.Optional(Type.String({ maxLength: 45, description: 'IP address the order comes from, for WHMCS\'s records and fraud checks', examples: ['203.0.113.7'] })),
  noInvoice: Type.Optional(Type.Boolean({ description: 'Place the order without an invoice' })),
  noInvoiceEmail: Type.Optional(Type.Boolean({ description: 'Do not send the Invoice Created email' })),
  noEmail: Type.Optional(Type.Boolean({ description: 'Do not send the Order Confirmation email' }))
}, {
  description: 'A new order: products, domains, addons for existing services and domain renewals, in any mix (at least one item)',
  additionalProperties: false,
  examples: [orderCreateExample]
}))

export type OrderCreateT = Static<typeof OrderCreate>

const Ids = (description: string) => Type.Array(Type.Integer(int32(1)), { description })

export const OrderCreated = component('OrderCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new order' }),
  invoiceId: Type.Union([Type.Integer(int32(1)), Type.Null()], { description: 'Id of the order\'s invoice; null when it was placed without one' }),
  serviceIds: Ids('Ids of the services created, in the order of `items`'),
  addonIds: Ids('Ids of the service addons created'),
  domainIds: Ids('Ids of the domains created, in the order of `domains`')
}, { description: 'What an order created', additionalProperties: false }))

export const orderAcceptExample = { autoSetup: true, sendEmail: true, registrar: 'enom' }

export const OrderAccept = component('OrderAccept', Type.Object({
  serverId: Type.Optional(Type.Integer({ ...int32(1), description: 'Server to create the order\'s services on; default: each product\'s' })),
  serviceUsername: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Username for the order\'s services; default: generated' })),
  servicePassword: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Password for the order\'s services; default: generated' })),
  registrar: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description: 'Registrar module for the order\'s domains; default: each TLD\'s', examples: ['enom'] })),
  sendRegistrar: Type.Optional(Type.Boolean({ description: 'Send the domains to the registrar now' })),
  autoSetup: Type.Optional(Type.Boolean({ description: 'Run the provisioning module\'s create now; default: as each product is configured' })),
  sendEmail: Type.Optional(Type.Boolean({ description: 'Send the welcome and domain emails' }))
}, { description: 'How to accept an order; `{}` accepts it with each product\'s settings', additionalProperties: false, examples: [orderAcceptExample] }))

// ---------------------------------------------------------------- AddOrder's parameters

/**
 * The body of a new order as AddOrder's parameters (PHP bracket-key arrays). AddOrder takes parallel
 * arrays matched by index: product i is `pid[i]`, `domain[i]`, `billingcycle[i]`... with its
 * config options and custom fields as base64 PHP-serialized arrays. A domain registration or
 * transfer takes the index of the product with the same domain name (WHMCS then orders both
 * together), else the next free index after the products.
 */
export function orderCreateParams (body: OrderCreateT): ActionParams<'AddOrder'> {
  const items = body.items ?? []
  const domains = body.domains ?? []
  const taken = new Set<number>()
  let next = items.length
  const domainIndex = domains.map((d) => {
    const shared = items.findIndex((item, i) => !taken.has(i) && item.domain !== undefined && item.domain.toLowerCase() === d.domain.toLowerCase())
    const index = shared >= 0 ? shared : next++
    taken.add(index)
    return index
  })
  /** A parallel array: each product's value, then each domain's at its index. */
  const parallel = <T>(ofItem: (item: typeof items[number]) => T | undefined, ofDomain: (domain: typeof domains[number]) => T | undefined = () => undefined): Array<T | undefined> | undefined => {
    const out: Array<T | undefined> = new Array<T | undefined>(next).fill(undefined)
    items.forEach((item, i) => { out[i] = ofItem(item) })
    domains.forEach((domain, j) => { out[domainIndex[j]] = ofDomain(domain) ?? out[domainIndex[j]] })
    return out.some((v) => v !== undefined) ? out : undefined
  }
  const renewals = body.domainRenewals ?? []
  const nameservers = body.nameservers ?? []
  return {
    clientid: body.clientId,
    paymentmethod: body.paymentMethod,
    pid: parallel((item) => item.productId),
    domain: parallel((item) => item.domain, (domain) => domain.domain),
    billingcycle: parallel((item) => item.billingCycle),
    qty: parallel((item) => item.quantity),
    configoptions: parallel((item) => item.configOptions === undefined ? undefined : serializedFields(item.configOptions)),
    customfields: parallel((item) => item.customFields === undefined ? undefined : serializedFields(item.customFields)),
    priceoverride: parallel((item) => item.priceOverride),
    addons: parallel((item) => item.addons?.join(',')),
    domaintype: parallel(() => undefined, (domain) => domain.type),
    regperiod: parallel(() => undefined, (domain) => domain.period ?? 1),
    eppcode: parallel(() => undefined, (domain) => domain.eppCode),
    dnsmanagement: parallel(() => undefined, (domain) => domain.dnsManagement),
    emailforwarding: parallel(() => undefined, (domain) => domain.emailForwarding),
    idprotection: parallel(() => undefined, (domain) => domain.idProtection),
    domainpriceoverride: parallel(() => undefined, (domain) => domain.priceOverride),
    nameserver1: nameservers[0],
    nameserver2: nameservers[1],
    nameserver3: nameservers[2],
    nameserver4: nameservers[3],
    nameserver5: nameservers[4],
    addonids: body.addons?.map((a) => a.addonId),
    serviceids: body.addons?.map((a) => a.serviceId),
    domainrenewals: renewals.length === 0 ? undefined : Object.fromEntries(renewals.map((r) => [r.domain, r.period])),
    promocode: body.promoCode,
    promooverride: body.promoOverride,
    contactid: body.contactId,
    affid: body.affiliateId,
    clientip: body.clientIp,
    noinvoice: body.noInvoice,
    noinvoiceemail: body.noInvoiceEmail,
    noemail: body.noEmail
  }
}

/** AddOrder's answer: ids as strings, several as a comma-separated list ("1,2"). */
export function readOrderCreated (raw: ActionResult<'AddOrder'>): Static<typeof OrderCreated> {
  const ids = (value: unknown, name: string): number[] => toCsvList(value).map((id) => toId(id, name))
  const invoiceId = toInt(raw.invoiceid, 'invoiceid')
  return {
    id: toId(raw.orderid, 'orderid'),
    invoiceId: invoiceId === null || invoiceId === 0 ? null : invoiceId,
    // WHMCS before 7.8 answers `productids`.
    serviceIds: ids(raw.serviceids ?? raw.productids, 'service id'),
    addonIds: ids(raw.addonids, 'addon id'),
    domainIds: ids(raw.domainids, 'domain id')
  }
}
