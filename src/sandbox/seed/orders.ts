// The demo catalogue (product groups, products across modules priced in three currencies,
// config options, custom fields, addons, promotions, TLD pricing, servers) and a handful of
// orders of seeded clients in every status. Deterministic: the orders are placed through the
// same code as AddOrder, on fixed dates, so their invoices are priced exactly as new ones are.

import {
  CONFIG_OPTION_TYPES, RECURRING_CYCLES, type ConfigOptionRecord, type Pricing, type ProductAddonRecord,
  type ProductCustomFieldRecord, type ProductGroupRecord, type ProductRecord, type PromotionRecord,
  type RecurringCycle, type TldPrices, type TldRecord
} from '../store/catalogue.js'
import { invoiceTotals } from '../store/invoices.js'
import type { ServerRecord } from '../store/services.js'
import type { Store, StoreData } from '../store/index.js'
import { acceptOrder, changeOrderStatus } from '../engine/acceptance.js'
import { emptyCart, placeOrder, type Cart, type CartProduct } from '../engine/placing.js'
import { markPaid } from '../engine/renewals.js'

/** Cents in USD, EUR and GBP (currency ids 1, 2, 3). */
type Triple = readonly [number, number, number]

/** A Pricing from per-cycle triples; cycles left out are not offered. */
function pricing (prices: Partial<Record<RecurringCycle, Triple>>, setup: Partial<Record<RecurringCycle, Triple>> = {}): Pricing {
  const out: Pricing = {}
  for (const [index, currencyId] of [1, 2, 3].entries()) {
    const price = {} as Record<RecurringCycle, number | null>
    const fees = {} as Record<RecurringCycle, number>
    for (const cycle of RECURRING_CYCLES) {
      price[cycle] = prices[cycle]?.[index] ?? null
      fees[cycle] = setup[cycle]?.[index] ?? 0
    }
    out[currencyId] = { price, setup: fees }
  }
  return out
}

/** The same monthly price in every cycle's terms (a config option's unit price). */
function unitPricing (monthly: Triple): Pricing {
  const per = (months: number): Triple => [monthly[0] * months, monthly[1] * months, monthly[2] * months]
  return pricing({ monthly: per(1), quarterly: per(3), semiannually: per(6), annually: per(12), biennially: per(24), triennially: per(36) })
}

const FREE: Triple = [0, 0, 0]

const GROUPS: ProductGroupRecord[] = [
  { id: 1, name: 'Shared Hosting', slug: 'shared-hosting', headline: 'Fast cPanel hosting for every site', hidden: false },
  { id: 2, name: 'Reseller Hosting', slug: 'reseller-hosting', headline: 'Host your own customers', hidden: false },
  { id: 3, name: 'VPS', slug: 'vps', headline: 'Virtual servers with root access', hidden: false },
  { id: 4, name: 'SSL Certificates', slug: 'ssl-certificates', headline: 'Secure your site', hidden: false },
  { id: 5, name: 'Services', slug: 'services', headline: 'Everything else', hidden: false }
]

type ProductSeed = Omit<ProductRecord, 'slug' | 'hidden' | 'retired' | 'stockControl' | 'quantityAvailable' | 'taxed' | 'allowQty'> &
  Partial<Pick<ProductRecord, 'stockControl' | 'quantityAvailable' | 'allowQty'>>

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

const PRODUCT_SEEDS: ProductSeed[] = [
  { id: 1, groupId: 1, type: 'hostingaccount', name: 'Starter', description: '10 GB SSD storage, 1 website, free SSL & daily malware scans.', module: 'cpanel', payType: 'recurring', requiresDomain: true, autoSetup: 'on', pricing: pricing({ monthly: [499, 459, 399], quarterly: [1397, 1287, 1117], annually: [4790, 4390, 3830] }) },
  { id: 2, groupId: 1, type: 'hostingaccount', name: 'Business', description: '50 GB SSD storage, unlimited websites, staging and priority support.', module: 'cpanel', payType: 'recurring', requiresDomain: true, autoSetup: 'on', pricing: pricing({ monthly: [999, 919, 799], annually: [9990, 9190, 7990], biennially: [17980, 16540, 14380] }, { monthly: [500, 460, 400] }) },
  { id: 3, groupId: 2, type: 'reselleraccount', name: 'Reseller Pro', description: '200 GB storage, 50 cPanel accounts, white-label nameservers.', module: 'cpanel', payType: 'recurring', requiresDomain: true, autoSetup: 'payment', pricing: pricing({ monthly: [2499, 2299, 1999], annually: [24990, 22990, 19990] }) },
  { id: 4, groupId: 3, type: 'server', name: 'VPS S', description: '2 vCPU, 4 GB RAM, 80 GB NVMe, 1 IPv4 address.', module: 'virtualizor', payType: 'recurring', requiresDomain: false, autoSetup: 'on', allowQty: 1, pricing: pricing({ monthly: [1200, 1100, 950], quarterly: [3450, 3170, 2730], annually: [13200, 12140, 10450] }, { monthly: [1000, 920, 800] }) },
  { id: 5, groupId: 3, type: 'server', name: 'VPS M', description: '4 vCPU, 8 GB RAM, 160 GB NVMe, 1 IPv4 address.', module: 'virtualizor', payType: 'recurring', requiresDomain: false, autoSetup: 'on', stockControl: true, quantityAvailable: 5, pricing: pricing({ monthly: [2400, 2200, 1900], annually: [26400, 24200, 20900] }) },
  { id: 6, groupId: 4, type: 'other', name: 'PositiveSSL DV', description: 'Domain-validated certificate, issued in minutes.', module: 'marketconnect', payType: 'recurring', requiresDomain: true, autoSetup: 'order', pricing: pricing({ annually: [999, 919, 799], biennially: [1798, 1654, 1438] }) },
  { id: 7, groupId: 4, type: 'other', name: 'Wildcard SSL', description: 'One certificate for a domain and all its subdomains.', module: 'marketconnect', payType: 'recurring', requiresDomain: true, autoSetup: 'order', pricing: pricing({ annually: [8900, 8190, 7090] }) },
  { id: 8, groupId: 5, type: 'other', name: 'Website Migration', description: 'We move your site, email and databases for you.', module: '', payType: 'onetime', requiresDomain: true, autoSetup: '', pricing: pricing({ monthly: [4900, 4500, 3900] }) },
  { id: 9, groupId: 5, type: 'other', name: 'Premium DNS', description: 'Anycast DNS with DNSSEC and 100% uptime SLA.', module: '', payType: 'recurring', requiresDomain: true, autoSetup: '', allowQty: 2, pricing: pricing({ monthly: [300, 276, 240], annually: [3000, 2760, 2400] }) },
  { id: 10, groupId: 5, type: 'other', name: 'Domain Parking', description: 'A holding page for a domain you are not using yet.', module: '', payType: 'free', requiresDomain: true, autoSetup: '', pricing: pricing({}) }
]

const PRODUCTS: ProductRecord[] = PRODUCT_SEEDS.map(p => ({
  allowQty: 0,
  stockControl: false,
  quantityAvailable: 0,
  ...p,
  slug: slug(p.name),
  hidden: false,
  retired: false,
  taxed: true
}))

const CONFIG_OPTIONS: ConfigOptionRecord[] = [
  { id: 1, name: 'Extra disk space', type: CONFIG_OPTION_TYPES.quantity, productIds: [2], minQty: 0, maxQty: 100, hidden: false, choices: [{ id: 1, name: 'GB', hidden: false, pricing: unitPricing([10, 9, 8]) }] },
  {
    id: 2,
    name: 'Operating system',
    type: CONFIG_OPTION_TYPES.dropdown,
    productIds: [4, 5],
    minQty: 0,
    maxQty: 0,
    hidden: false,
    choices: [
      { id: 2, name: 'Ubuntu 24.04 LTS', hidden: false, pricing: unitPricing(FREE) },
      { id: 3, name: 'Debian 12', hidden: false, pricing: unitPricing(FREE) },
      { id: 4, name: 'AlmaLinux 9', hidden: false, pricing: unitPricing(FREE) },
      { id: 5, name: 'Windows Server 2022', hidden: false, pricing: unitPricing([1500, 1380, 1200]) },
      { id: 6, name: 'CentOS 7 (end of life)', hidden: true, pricing: unitPricing(FREE) }
    ]
  },
  { id: 3, name: 'Extra RAM', type: CONFIG_OPTION_TYPES.quantity, productIds: [4, 5], minQty: 0, maxQty: 16, hidden: false, choices: [{ id: 7, name: 'GB', hidden: false, pricing: unitPricing([300, 276, 240]) }] },
  { id: 4, name: 'Daily backups', type: CONFIG_OPTION_TYPES.yesno, productIds: [4, 5], minQty: 0, maxQty: 0, hidden: false, choices: [{ id: 8, name: 'Enabled', hidden: false, pricing: unitPricing([200, 184, 160]) }] },
  {
    id: 5,
    name: 'Control panel',
    type: CONFIG_OPTION_TYPES.radio,
    productIds: [4, 5],
    minQty: 0,
    maxQty: 0,
    hidden: false,
    choices: [
      { id: 9, name: 'None', hidden: false, pricing: unitPricing(FREE) },
      { id: 10, name: 'cPanel Solo', hidden: false, pricing: unitPricing([1699, 1563, 1359]) }
    ]
  }
]

const field = (f: Omit<ProductCustomFieldRecord, 'options' | 'showOnOrder' | 'adminOnly' | 'required'> & Partial<ProductCustomFieldRecord>): ProductCustomFieldRecord =>
  ({ options: [], showOnOrder: true, adminOnly: false, required: false, ...f })

const CUSTOM_FIELDS: ProductCustomFieldRecord[] = [
  field({ id: 1, productId: 2, name: 'Site purpose', description: 'What the site is for', type: 'dropdown', options: ['Personal', 'Business', 'Non-profit'] }),
  field({ id: 2, productId: 4, name: 'Hostname', description: 'Fully qualified hostname of the server', type: 'text', required: true }),
  field({ id: 3, productId: 4, name: 'Root SSH public key', description: 'Installed for root at first boot', type: 'textarea' }),
  field({ id: 4, productId: 4, name: 'Internal reference', description: 'Staff only', type: 'text', showOnOrder: false, adminOnly: true }),
  field({ id: 5, productId: 5, name: 'Hostname', description: 'Fully qualified hostname of the server', type: 'text', required: true }),
  field({ id: 6, productId: 6, name: 'Certificate common name', description: 'The domain the certificate is for', type: 'text', required: true }),
  field({ id: 7, productId: 7, name: 'Certificate common name', description: 'The wildcard domain, e.g. *.example.com', type: 'text', required: true }),
  field({ id: 8, productId: 8, name: 'Current host', description: 'Where the site is hosted today', type: 'text' })
]

const ADDONS: ProductAddonRecord[] = [
  { id: 1, name: 'Daily Backups', description: 'Off-site backups kept for 30 days', cycle: 'monthly', productIds: [1, 2, 3], module: '', taxed: true, pricing: pricing({ monthly: [200, 184, 160] }) },
  { id: 2, name: 'Dedicated IP', description: 'An IPv4 address of your own', cycle: 'monthly', productIds: [2, 3, 4, 5], module: '', taxed: true, pricing: pricing({ monthly: [300, 276, 240] }, { monthly: [500, 460, 400] }) },
  { id: 3, name: 'SSL Installation', description: 'We install your certificate for you', cycle: 'onetime', productIds: [1, 2, 3], module: '', taxed: true, pricing: pricing({ monthly: [1500, 1380, 1200] }) }
]

const promotion = (p: Pick<PromotionRecord, 'id' | 'code' | 'type' | 'value'> & Partial<PromotionRecord>): PromotionRecord => ({
  recurring: false,
  cycles: [],
  appliesTo: [],
  requires: [],
  requiresExisting: false,
  startDate: null,
  expirationDate: null,
  maxUses: 0,
  uses: 0,
  lifetimePromo: false,
  applyOnce: false,
  newSignups: false,
  existingClient: false,
  oncePerClient: false,
  recurFor: 0,
  upgrades: false,
  notes: '',
  ...p
})

const PROMOTIONS: PromotionRecord[] = [
  promotion({ id: 1, code: 'SPRING10', type: 'Percentage', value: 1000, recurring: true, appliesTo: ['1', '2', '4', '5'], notes: '10% off hosting and VPS, for as long as the service lasts' }),
  promotion({ id: 2, code: 'WELCOME5', type: 'Fixed Amount', value: 500, appliesTo: ['1', '2', '3', '4', '5', '6', '7', '8', '9'], oncePerClient: true, notes: '5.00 off a first order' }),
  promotion({ id: 3, code: 'SUMMER2023', type: 'Percentage', value: 2500, appliesTo: ['1', '2'], startDate: '2023-06-01', expirationDate: '2023-08-31', notes: 'Summer sale (over)' }),
  promotion({ id: 4, code: 'LAUNCH50', type: 'Percentage', value: 5000, appliesTo: ['4', '5'], maxUses: 100, uses: 100, notes: 'VPS launch: the first 100 orders' }),
  promotion({ id: 5, code: 'FREESETUP', type: 'Free Setup', value: 0, appliesTo: ['2', '4', '5'], cycles: ['Monthly'] }),
  promotion({ id: 6, code: 'DOTCOM1', type: 'Price Override', value: 100, appliesTo: ['D.com'], notes: 'A .com for 1.00 the first year' })
]

/** A TLD's prices from yearly triples, offered for the given numbers of years. */
function tld (id: number, name: string, registrar: string, yearly: { register: Triple, transfer: Triple, renew: Triple }, years: readonly number[], eppRequired = true): TldRecord {
  const prices: Record<number, TldPrices> = {}
  for (const [index, currencyId] of [1, 2, 3].entries()) {
    const scale = (t: Triple, ys: readonly number[]): Record<number, number> => Object.fromEntries(ys.map(y => [y, t[index] * y]))
    prices[currencyId] = { register: scale(yearly.register, years), transfer: scale(yearly.transfer, [1]), renew: scale(yearly.renew, years) }
  }
  return { id, tld: name, registrar, eppRequired, dnsManagement: true, emailForwarding: true, idProtection: !name.endsWith('.uk') && name !== '.eu', pricing: prices }
}

const TLDS: TldRecord[] = [
  tld(1, '.com', 'enom', { register: [1199, 1099, 949], transfer: [1199, 1099, 949], renew: [1299, 1199, 1029] }, [1, 2, 3, 5, 10]),
  tld(2, '.net', 'enom', { register: [1399, 1289, 1109], transfer: [1399, 1289, 1109], renew: [1499, 1379, 1189] }, [1, 2, 3, 5, 10]),
  tld(3, '.org', 'enom', { register: [1299, 1199, 1029], transfer: [1299, 1199, 1029], renew: [1399, 1289, 1109] }, [1, 2, 3, 5, 10]),
  tld(4, '.io', 'openprovider', { register: [3999, 3679, 3169], transfer: [3999, 3679, 3169], renew: [3999, 3679, 3169] }, [1, 2, 3, 5]),
  tld(5, '.co.uk', 'openprovider', { register: [799, 739, 629], transfer: [0, 0, 0], renew: [799, 739, 629] }, [1, 2, 3, 5], false),
  tld(6, '.de', 'openprovider', { register: [699, 649, 559], transfer: [699, 649, 559], renew: [699, 649, 559] }, [1, 2, 3]),
  tld(7, '.eu', 'openprovider', { register: [899, 829, 709], transfer: [899, 829, 709], renew: [899, 829, 709] }, [1, 2, 3]),
  tld(8, '.se', 'openprovider', { register: [1499, 1379, 1189], transfer: [1499, 1379, 1189], renew: [1499, 1379, 1189] }, [1, 2, 3])
]

const SERVERS: ServerRecord[] = [
  { id: 1, name: 'cPanel 1', hostname: 'cp1.example.net', ipAddress: '192.0.2.11', module: 'cpanel', nameservers: ['ns1.example.net', 'ns2.example.net'], isDefault: true, disabled: false },
  { id: 2, name: 'cPanel 2', hostname: 'cp2.example.net', ipAddress: '192.0.2.12', module: 'cpanel', nameservers: ['ns1.example.net', 'ns2.example.net'], isDefault: false, disabled: false },
  { id: 3, name: 'KVM node 1', hostname: 'kvm1.example.net', ipAddress: '192.0.2.21', module: 'virtualizor', nameservers: [], isDefault: true, disabled: false }
]

/** The install's catalogue. */
export function catalogueData (): Pick<StoreData, 'productGroups' | 'products' | 'configOptions' | 'productCustomFields' | 'productAddons' | 'promotions' | 'tlds' | 'servers'> {
  return structuredClone({
    productGroups: GROUPS,
    products: PRODUCTS,
    configOptions: CONFIG_OPTIONS,
    productCustomFields: CUSTOM_FIELDS,
    productAddons: ADDONS,
    promotions: PROMOTIONS,
    tlds: TLDS,
    servers: SERVERS
  })
}

// ---------------------------------------------------------------- orders

function product (p: Partial<CartProduct> & Pick<CartProduct, 'productId' | 'cycle'>): CartProduct {
  return { domain: '', quantity: 1, configOptions: new Map(), customFields: new Map(), addonIds: [], ...p }
}

function cart (clientId: number, paymentMethod: string, rest: Partial<Cart>): Cart {
  return { ...emptyCart(clientId, paymentMethod), ...rest }
}

/** Marks an order's invoice paid in full, which renews what it bills as a payment does (renewals.ts). */
function payInvoice (store: Store, orderId: number, at: Date): void {
  const order = store.orders.get(orderId)
  const invoice = store.invoices.get(order?.invoiceId ?? 0)
  if (order === undefined || invoice === undefined) return
  invoice.paidCents = invoiceTotals(invoice).totalCents
  markPaid(store, invoice, at)
}

/** Places the demo orders, oldest first, and takes each through its life so far. */
export function seedOrders (store: Store): void {
  const at = (text: string): Date => new Date(text)

  // 1. Emma Davis: reseller hosting with its domain, accepted and paid; the domain has since expired.
  const reseller = placeOrder(store, cart(15, 'stripe', {
    products: [product({ productId: 3, cycle: 'annually', domain: 'davisconsulting.com' })],
    domains: [{ type: 'register', domain: 'davisconsulting.com', period: 1, eppCode: '', dnsManagement: true, emailForwarding: false, idProtection: true }],
    nameservers: ['ns1.example.net', 'ns2.example.net'],
    ipAddress: '198.51.100.40'
  }), at('2022-11-11T10:15:00Z'))
  acceptOrder(store, reseller.order.id, { autoSetup: true }, at('2022-11-11T11:00:00Z'))
  payInvoice(store, reseller.order.id, at('2022-11-11T11:05:00Z'))
  for (const domain of reseller.domains) domain.status = 'Expired'

  // 2. Liam Johnson: business hosting with backups and a new .com, accepted and paid.
  const hosting = placeOrder(store, cart(6, 'stripe', {
    products: [product({ productId: 2, cycle: 'annually', domain: 'liamjohnson.com', configOptions: new Map([['1', '20']]), customFields: new Map([['1', 'Personal']]), addonIds: [1] })],
    domains: [{ type: 'register', domain: 'liamjohnson.com', period: 2, eppCode: '', dnsManagement: false, emailForwarding: false, idProtection: false }],
    nameservers: ['ns1.example.net', 'ns2.example.net'],
    ipAddress: '203.0.113.5'
  }), at('2023-02-10T14:32:00Z'))
  payInvoice(store, hosting.order.id, at('2023-02-10T14:40:00Z'))
  acceptOrder(store, hosting.order.id, { autoSetup: true }, at('2023-02-10T15:00:00Z'))

  // 3. Jürgen Müller: starter hosting with SPRING10, cancelled before payment.
  const cancelled = placeOrder(store, cart(10, 'paypal', {
    products: [product({ productId: 1, cycle: 'monthly', domain: 'müller-schmidt.de' })],
    promoCode: 'SPRING10'
  }), at('2023-03-15T09:00:00Z'))
  changeOrderStatus(store, cancelled.order, 'Cancelled')

  // 4. Zoë Whitfield: a VPS with Debian, 2 GB extra RAM and backups, accepted and paid.
  const vps = placeOrder(store, cart(1, 'paypal', {
    products: [product({
      productId: 4,
      cycle: 'monthly',
      domain: 'zoe-lab.co.uk',
      configOptions: new Map([['2', '3'], ['3', '2'], ['4', '1'], ['5', '9']]),
      customFields: new Map([['2', 'vps1.zoe-lab.co.uk'], ['3', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGzoe zoë@laptop']])
    })],
    ipAddress: '198.51.100.23'
  }), at('2023-05-20T08:45:00Z'))
  payInvoice(store, vps.order.id, at('2023-05-20T08:50:00Z'))
  acceptOrder(store, vps.order.id, { autoSetup: true }, at('2023-05-20T09:10:00Z'))

  // 5. Anders Ångström: an SSL certificate, waiting for payment.
  placeOrder(store, cart(2, 'banktransfer', {
    products: [product({ productId: 6, cycle: 'annually', domain: 'angstrom-fysik.se', customFields: new Map([['6', 'www.angstrom-fysik.se']]) })]
  }), at('2024-01-08T16:20:00Z'))

  // 6. Olivia Brown: a .com transfer with premium DNS, flagged as fraud.
  const fraud = placeOrder(store, cart(13, 'paypal', {
    products: [product({ productId: 9, cycle: 'annually', domain: 'browndesign.com' })],
    domains: [{ type: 'transfer', domain: 'browndesign.com', period: 1, eppCode: 'Xy7#kP2!qR', dnsManagement: true, emailForwarding: true, idProtection: false }],
    ipAddress: '192.0.2.200'
  }), at('2024-03-02T23:11:00Z'))
  changeOrderStatus(store, fraud.order, 'Fraud')

  // 7. Margaret Smith: a migration, a parked domain and a two-year .co.uk, waiting for payment.
  placeOrder(store, cart(5, 'banktransfer', {
    products: [
      product({ productId: 8, cycle: 'onetime', domain: 'smithandsons.co.uk', customFields: new Map([['8', 'Old Host & Co.']]) }),
      product({ productId: 10, cycle: 'free', domain: 'smith-and-sons.co.uk' })
    ],
    domains: [{ type: 'register', domain: 'smithandsons.co.uk', period: 2, eppCode: '', dnsManagement: false, emailForwarding: false, idProtection: false }]
  }), at('2024-06-18T12:00:00Z'))
}
