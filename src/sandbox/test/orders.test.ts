// The sandbox's order actions, spoken to as WHMCS is: hand-built form bodies with PHP bracket
// keys and base64 PHP-serialized values (never through the facade's encoder).
import t from 'tap'
import { orderHandlers } from '../handlers/orders.js'
import { seedData } from '../seed/index.js'
import { invoiceTotals } from '../store/invoices.js'
import { Store } from '../store/index.js'
import { api, pick, runHandler, start } from './fixtures/helpers.js'

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')
const NOW = (): Date => new Date('2025-03-04T05:06:07Z')

/** Runs an action on a store directly, so a test can look at the records it wrote. */
const run = (store: Store, action: keyof typeof orderHandlers, fields: Array<[string, string]>): Record<string, unknown> =>
  runHandler(orderHandlers, store, action, fields, NOW)

/** The multi-product order of several tests: hosting with options and addons, a VPS, a registration and a transfer. */
const BIG_ORDER: Array<[string, string]> = [
  ['clientid', '6'],
  ['paymentmethod', 'paypal'],
  ['pid[0]', '2'],
  ['domain[0]', 'example.com'],
  ['billingcycle[0]', 'annually'],
  ['configoptions[0]', b64('a:1:{i:1;i:5;}')],
  ['customfields[0]', b64('a:1:{i:1;s:8:"Business";}')],
  ['addons[0]', '1,2'],
  ['pid[1]', '4'],
  ['billingcycle[1]', 'monthly'],
  ['configoptions[1]', b64('a:4:{i:2;i:5;i:3;i:2;i:4;i:1;i:5;i:10;}')],
  ['customfields[1]', b64('a:2:{i:2;s:15:"vps.example.com";i:3;s:20:"ssh-ed25519 AAA zoë";}')],
  ['domaintype[0]', 'register'],
  ['regperiod[0]', '2'],
  ['domain[2]', 'other.io'],
  ['domaintype[2]', 'transfer'],
  ['eppcode[2]', 'EPP-1'],
  ['nameserver1', 'ns1.example.net'],
  ['nameserver2', 'ns2.example.net']
]

t.test('AddOrder creates the order, its services, addons and domains, Pending, and answers the ids as strings', async t => {
  const store = new Store(seedData())
  t.same(run(store, 'AddOrder', BIG_ORDER), { result: 'success', orderid: '8', serviceids: '14,15', addonids: '2,3', domainids: '9,10', invoiceid: '8' })
  t.match(store.orders.get(8), { clientId: 6, status: 'Pending', paymentMethod: 'paypal', invoiceId: 8, date: '2025-03-04 05:06:07', nameservers: ['ns1.example.net', 'ns2.example.net'], transferSecrets: { 'other.io': 'EPP-1' }, orderNum: /^\d{10}$/ })
  t.match(store.services.get(14), { productId: 2, domain: 'example.com', cycle: 'annually', status: 'Pending', configOptions: { 1: 5 }, customFields: { 1: 'Business' }, firstPaymentCents: 10590, recurringCents: 10590, nextDueDate: '2025-03-04' })
  t.match(store.services.get(15), { productId: 4, cycle: 'monthly', configOptions: { 2: 5, 3: 2, 4: 1, 5: 10 }, customFields: { 2: 'vps.example.com', 3: 'ssh-ed25519 AAA zoë' }, firstPaymentCents: 6199, recurringCents: 5199 })
  t.match(store.serviceAddons.ofOrder(8), [{ serviceId: 14, addonId: 1, recurringCents: 200, status: 'Pending' }, { serviceId: 14, addonId: 2, setupCents: 500, recurringCents: 300 }])
  t.match(store.domains.ofOrder(8), [
    { domain: 'example.com', type: 'Register', period: 2, status: 'Pending', registrar: 'enom', firstPaymentCents: 2398, recurringCents: 2598 },
    { domain: 'other.io', type: 'Transfer', period: 1, eppCode: 'EPP-1', registrar: 'openprovider', firstPaymentCents: 3999 }
  ])
})

t.test('AddOrder invoices every item, its lines described and totalled in whole cents', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', BIG_ORDER)
  const invoice = store.invoices.get(8)
  if (invoice === undefined) throw new Error('no invoice')
  t.match(invoice, { clientId: 6, status: 'Unpaid', date: '2025-03-04', dueDate: '2025-03-04', paymentMethod: 'paypal', currencyId: 1 })
  t.same(invoice.items.map(i => [i.type, i.relId, i.description, i.amountCents]), [
    ['Hosting', 14, 'Shared Hosting - Business - example.com (04/03/2025 - 03/03/2026)\nExtra disk space: 5 x GB', 10590],
    ['Hosting', 15, 'VPS - VPS S (04/03/2025 - 03/04/2025)\nOperating system: Windows Server 2022\nExtra RAM: 2 x GB\nDaily backups: Yes\nControl panel: cPanel Solo', 6199],
    ['Addon', 2, 'Daily Backups - example.com (04/03/2025 - 03/04/2025)', 200],
    ['Addon', 3, 'Dedicated IP - example.com (04/03/2025 - 03/04/2025)', 800],
    ['DomainRegister', 9, 'Domain Registration - example.com - 2 Year/s (04/03/2025 - 03/03/2027)', 2398],
    ['DomainTransfer', 10, 'Domain Transfer - other.io - 1 Year/s (04/03/2025 - 03/03/2026)', 3999]
  ])
  t.same(invoiceTotals(invoice), { subtotalCents: 24186, taxCents: 0, tax2Cents: 0, totalCents: 24186, balanceCents: 24186 })
  t.equal(store.orders.get(8)?.amountCents, 24186)
})

t.test('AddOrder prices in the client\'s currency', async t => {
  const store = new Store(seedData())
  // Client 1 is billed in GBP: VPS S monthly 9.50 + setup 8.00 + Debian (free).
  run(store, 'AddOrder', [['clientid', '1'], ['paymentmethod', 'paypal'], ['pid[0]', '4'], ['billingcycle[0]', 'monthly'], ['configoptions[0]', b64('a:1:{i:2;i:3;}')]])
  t.equal(store.orders.get(8)?.currencyId, 3)
  t.equal(store.orders.get(8)?.amountCents, 1750)
})

t.test('a cycle the product is not sold in falls back to its first, and a one-element scalar form works', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', [['clientid', '6'], ['paymentmethod', 'paypal'], ['pid', '6'], ['domain', 'secure.example.com'], ['billingcycle', 'monthly']])
  t.match(store.services.get(14), { productId: 6, cycle: 'annually', domain: 'secure.example.com', firstPaymentCents: 999 })
})

t.test('quantities make several services or scale one, as the product allows', async t => {
  const store = new Store(seedData())
  t.match(run(store, 'AddOrder', [['clientid', '6'], ['paymentmethod', 'paypal'], ['pid[0]', '4'], ['qty[0]', '2'], ['pid[1]', '9'], ['domain[1]', 'dns.example'], ['billingcycle[1]', 'annually'], ['qty[1]', '3']]),
    { serviceids: '14,15,16' })
  t.match(store.services.ofOrder(8), [{ productId: 4, quantity: 1 }, { productId: 4, quantity: 1 }, { productId: 9, quantity: 3, recurringCents: 9000 }])
})

t.test('products, cycles and domains the catalogue does not sell are left out; nothing left is an error', async t => {
  const sb = await start(t)
  const none = await api(sb, 'AddOrder', { clientid: '6', paymentmethod: 'paypal', 'pid[0]': '999', 'domain[1]': 'nowhere.invalid', 'domaintype[1]': 'register' })
  t.same(none.body, { result: 'error', message: 'No items added to cart so order cannot proceed' })
  const some = await api(sb, 'AddOrder', { clientid: '6', paymentmethod: 'paypal', 'pid[0]': '999', 'pid[1]': '1', 'billingcycle[1]': 'monthly' })
  t.match(some.body, { result: 'success', serviceids: '14' })
})

t.test('AddOrder refuses what WHMCS refuses, with its words', async t => {
  const sb = await start(t)
  const base = { paymentmethod: 'paypal', 'pid[0]': '1' }
  const cases: Array<[Record<string, string>, string]> = [
    [{ ...base, clientid: '999' }, 'Client ID Not Found'],
    [{ ...base, clientid: '12' }, 'Unable to add order when client status is Closed'],
    [{ ...base, clientid: '6', paymentmethod: 'bitcoin' }, 'Invalid Payment Method. Valid options include banktransfer,mailin,paypal,stripe'],
    [{ ...base, clientid: '6', clientip: 'not-an-ip' }, 'Invalid IP address provided for \'clientip\''],
    [{ clientid: '6', paymentmethod: 'paypal', 'addonids[0]': '99', 'serviceids[0]': '2' }, 'Addon ID invalid'],
    [{ clientid: '6', paymentmethod: 'paypal', 'addonids[0]': '1', 'serviceids[0]': '1' }, 'Service ID 1 not owned by Client ID provided'],
    [{ clientid: '6', paymentmethod: 'paypal', addonids: '1', serviceids: '2' }, 'Expecting parameter \'addonids\' to be an array'],
    [{ clientid: '6', paymentmethod: 'paypal', 'domainrenewals[davisconsulting.com]': '1' }, 'Domain not owned by Client ID provided'],
    [{ clientid: '13', paymentmethod: 'paypal', 'domainrenewals[browndesign.com]': '1' }, 'Domain status is set to \'Fraud\' and cannot be renewed'],
    [{ clientid: '6', paymentmethod: 'paypal' }, 'No items added to cart so order cannot proceed']
  ]
  for (const [fields, message] of cases) {
    const { status, body } = await api(sb, 'AddOrder', fields)
    t.equal(status, 200)
    t.same(body, { result: 'error', message }, message)
  }
  t.equal(pick((await api(sb, 'GetOrders', {})).body, 'totalresults'), 7, 'no order was written')
})

t.test('addon-only orders and renewals of expired domains', async t => {
  const store = new Store(seedData())
  // Service 2 is client 6's Business hosting; domain 1 is client 15's expired .com.
  t.match(run(store, 'AddOrder', [['clientid', '6'], ['paymentmethod', 'stripe'], ['addonids[0]', '2'], ['serviceids[0]', '2']]), { addonids: '2', serviceids: '' })
  t.match(store.serviceAddons.get(2), { serviceId: 2, orderId: 8 })
  run(store, 'AddOrder', [['clientid', '15'], ['paymentmethod', 'stripe'], ['domainrenewals[DavisConsulting.com]', '2']])
  t.match(store.orders.get(9), { renewalDomainIds: [1], amountCents: 2598 })
  t.match(store.invoices.get(9)?.items, [{ type: 'Domain', relId: 1, description: 'Domain Renewal - davisconsulting.com - 2 Year/s (11/11/2023 - 10/11/2025)', amountCents: 2598 }])
})

t.test('promotions: percent, fixed in the client\'s currency, price override, free setup; unusable codes are ignored', async t => {
  const store = new Store(seedData())
  const order = (clientId: number, code: string, items: Array<[string, string]>): { amount: number | undefined, promo: string | undefined, lines: unknown } => {
    const answer = run(store, 'AddOrder', [['clientid', String(clientId)], ['paymentmethod', 'paypal'], ['promocode', code], ...items])
    const placed = store.orders.get(Number(answer.orderid))
    return { amount: placed?.amountCents, promo: placed?.promoCode, lines: store.invoices.get(placed?.invoiceId ?? 0)?.items.map(i => [i.type, i.amountCents]) }
  }
  // 10% of 47.90, recurring.
  t.same(order(6, 'spring10', [['pid[0]', '1'], ['billingcycle[0]', 'annually']]), { amount: 4311, promo: 'SPRING10', lines: [['Hosting', 4790], ['PromoHosting', -479]] })
  t.match(store.services.ofOrder(8), [{ firstPaymentCents: 4311, recurringCents: 4311, promotionId: 1 }])
  // 5.00 off in USD is 4.60 off in EUR (rate 0.92); client 2 has no earlier use of it.
  t.same(order(2, 'WELCOME5', [['pid[0]', '1'], ['billingcycle[0]', 'monthly']]), { amount: 0, promo: 'WELCOME5', lines: [['Hosting', 459], ['PromoHosting', -459]] })
  t.equal(store.invoices.get(store.orders.get(9)?.invoiceId ?? 0)?.status, 'Paid', 'an invoice with nothing to pay is paid at once')
  // A .com for 1.00 the first year.
  t.same(order(6, 'DOTCOM1', [['domain[0]', 'cheap.com'], ['domaintype[0]', 'register']]), { amount: 100, promo: 'DOTCOM1', lines: [['DomainRegister', 1199], ['PromoDomain', -1099]] })
  // No setup fee on a monthly VPS.
  t.same(order(6, 'FREESETUP', [['pid[0]', '4'], ['billingcycle[0]', 'monthly']]), { amount: 1200, promo: 'FREESETUP', lines: [['Hosting', 2200], ['PromoHosting', -1000]] })
  // Expired, used up, unknown, or not for this product: full price and no code on the order.
  for (const [code, pid] of [['SUMMER2023', '1'], ['LAUNCH50', '4'], ['NOSUCHCODE', '1'], ['SPRING10', '3']]) {
    const placed = order(6, code, [['pid[0]', pid], ['billingcycle[0]', 'monthly']])
    t.equal(placed.promo, '', `${code} is not applied`)
    t.equal((placed.lines as unknown[]).length, 1)
  }
  t.equal(store.promotions.findByCode('SPRING10')?.uses, 2, 'each use is counted once')
})

t.test('AcceptOrder sets the order\'s items up and makes it Active', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', BIG_ORDER)
  t.same(run(store, 'AcceptOrder', [['orderid', '8'], ['autosetup', '1']]), { result: 'success' })
  t.equal(store.orders.get(8)?.status, 'Active')
  t.match(store.services.get(14), { status: 'Active', serverId: 1, username: 'example', password: /^.{12,}$/ })
  t.match(store.services.get(15), { status: 'Active', serverId: 3, username: 'user' })
  t.match(store.serviceAddons.ofOrder(8), [{ status: 'Active' }, { status: 'Active' }])
  t.match(store.domains.get(9), { status: 'Active', registrationDate: '2025-03-04', expiryDate: '2027-03-04' })
  t.match(store.domains.get(10), { status: 'Pending Transfer' })
  t.equal(store.invoices.get(8)?.status, 'Unpaid', 'accepting does not pay')
  t.same(run(store, 'AcceptOrder', [['orderid', '8']]), { result: 'error', message: 'Order ID not found or Status not Pending' }, 'only a Pending order')
})

t.test('AcceptOrder takes the given server, username, password and registrar', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', BIG_ORDER)
  run(store, 'AcceptOrder', [['orderid', '8'], ['serverid', '2'], ['serviceusername', 'chosen'], ['servicepassword', 'S3cret!'], ['registrar', 'resellerclub']])
  t.match(store.services.get(14), { serverId: 2, username: 'chosen', password: 'S3cret!' })
  t.match(store.domains.get(9), { registrar: 'resellerclub' })
})

t.test('a module that fails to create the account fails AcceptOrder and changes nothing', async t => {
  const sb = await start(t)
  const placed = await api(sb, 'AddOrder', { clientid: '6', paymentmethod: 'paypal', 'pid[0]': '1', 'domain[0]': 'broken.invalid' })
  const orderid = String(placed.body.orderid)
  t.same((await api(sb, 'AcceptOrder', { orderid, autosetup: 'true' })).body, { result: 'error', message: 'Account creation failed: the server refused the domain name broken.invalid' })
  t.equal(pick((await api(sb, 'GetOrders', { id: orderid })).body, 'orders.order.0.status'), 'Pending')
  t.same((await api(sb, 'AcceptOrder', { orderid, autosetup: '0' })).body, { result: 'success' }, 'without the module it is accepted')
})

t.test('PendingOrder, CancelOrder and FraudOrder move the order, its items and its invoice', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', BIG_ORDER)
  t.same(run(store, 'CancelOrder', [['orderid', '8']]), { result: 'success' })
  t.match(store.orders.get(8), { status: 'Cancelled' })
  t.ok(store.services.ofOrder(8).every(s => s.status === 'Cancelled'))
  t.ok(store.domains.ofOrder(8).every(d => d.status === 'Cancelled'))
  t.equal(store.invoices.get(8)?.status, 'Cancelled')
  t.same(run(store, 'CancelOrder', [['orderid', '8']]), { result: 'error', message: 'Order ID not found or Status not Pending' })
  t.same(run(store, 'PendingOrder', [['orderid', '8']]), { result: 'success' })
  t.match(store.orders.get(8), { status: 'Pending' })
  t.ok(store.serviceAddons.ofOrder(8).every(a => a.status === 'Pending'))
  t.equal(store.invoices.get(8)?.status, 'Unpaid', 'the cancelled invoice is reopened')
  t.same(run(store, 'FraudOrder', [['orderid', '8']]), { result: 'success' })
  t.match(store.orders.get(8), { status: 'Fraud' })
  t.equal(store.invoices.get(8)?.status, 'Cancelled')
  t.same(run(store, 'FraudOrder', [['orderid', '999']]), { result: 'error', message: 'Order ID Not Found' })
  t.same(run(store, 'PendingOrder', [['orderid', '999']]), { result: 'error', message: 'Order ID Not Found' })
})

t.test('a paid invoice stays paid when its order is cancelled', async t => {
  const store = new Store(seedData())
  // Order 2 is Active with a paid invoice.
  run(store, 'FraudOrder', [['orderid', '2']])
  t.equal(store.invoices.get(2)?.status, 'Paid')
})

t.test('DeleteOrder deletes only Cancelled or Fraud orders, with everything they created', async t => {
  const store = new Store(seedData())
  run(store, 'AddOrder', BIG_ORDER)
  t.same(run(store, 'DeleteOrder', [['orderid', '8']]), { result: 'error', message: 'The order status must be in Cancelled or Fraud to be deleted' })
  t.same(run(store, 'DeleteOrder', [['orderid', '999']]), { result: 'error', message: 'Order ID not found' })
  run(store, 'FraudOrder', [['orderid', '8']])
  t.same(run(store, 'DeleteOrder', [['orderid', '8']]), { result: 'success' })
  t.equal(store.orders.get(8), undefined)
  t.same([store.services.ofOrder(8), store.serviceAddons.ofOrder(8), store.domains.ofOrder(8), store.invoices.get(8)], [[], [], [], undefined])
  t.ok(store.services.get(2), 'other orders keep their services')
})

t.test('GetOrders lists newest first, pages and filters', async t => {
  const sb = await start(t)
  const all = await api(sb, 'GetOrders', {})
  t.match(all.body, { result: 'success', totalresults: 7, startnumber: 0, numreturned: 7 })
  t.same((pick(all.body, 'orders.order') as Array<{ id: number }>).map(o => o.id), [7, 6, 5, 4, 3, 2, 1])
  const page = await api(sb, 'GetOrders', { limitstart: '2', limitnum: '2' })
  t.same((pick(page.body, 'orders.order') as Array<{ id: number }>).map(o => o.id), [5, 4])
  t.equal(pick(page.body, 'totalresults'), 7)
  t.same((pick((await api(sb, 'GetOrders', { status: 'pending' })).body, 'orders.order') as Array<{ id: number }>).map(o => o.id), [7, 5])
  t.same((pick((await api(sb, 'GetOrders', { userid: '6' })).body, 'orders.order') as Array<{ id: number }>).map(o => o.id), [2])
  t.same((pick((await api(sb, 'GetOrders', { requestor_id: '15' })).body, 'orders.order') as Array<{ id: number }>).map(o => o.id), [1])
  t.same(pick((await api(sb, 'GetOrders', { id: '999' })).body, 'orders.order'), [])
})

t.test('GetOrders prints an order as WHMCS does, with its lines', async t => {
  const sb = await start(t)
  const order = pick((await api(sb, 'GetOrders', { id: '2' })).body, 'orders.order.0')
  t.match(order, {
    id: 2,
    ordernum: Number,
    userid: 6,
    requestor_id: 6,
    date: '2023-02-10 14:32:00',
    nameservers: 'ns1.example.net,ns2.example.net',
    amount: '149.88',
    paymentmethod: 'stripe',
    paymentmethodname: 'Credit Card (Stripe)',
    invoiceid: 2,
    status: 'Active',
    paymentstatus: 'Paid',
    name: 'Liam Johnson',
    currencyprefix: '$',
    currencysuffix: ' USD',
    lineitems: {
      lineitem: [
        { type: 'product', relid: 2, producttype: 'Shared Hosting', product: 'Shared Hosting - Business', domain: 'liamjohnson.com', billingcycle: 'Annually', amount: '123.90', status: 'Active' },
        { type: 'addon', relid: 1, producttype: 'Addon', product: 'Daily Backups', billingcycle: 'Monthly', amount: '2.00', status: 'Active' },
        { type: 'domain', relid: 2, producttype: 'Domain Registration', domain: 'liamjohnson.com', billingcycle: '2 Year(s)', amount: '23.98', status: 'Active' }
      ]
    }
  })
  const promo = pick((await api(sb, 'GetOrders', { id: '3' })).body, 'orders.order.0')
  t.match(promo, { promocode: 'SPRING10', promotype: 'Percentage', promovalue: '10.00', status: 'Cancelled', paymentstatus: 'Cancelled' })
})

t.test('the seeded orders are in every status and their invoices add up', async t => {
  const data = seedData()
  t.same(new Set(data.orders.map(o => o.status)), new Set(['Pending', 'Active', 'Cancelled', 'Fraud']))
  for (const order of data.orders) {
    const invoice = data.invoices.find(i => i.id === order.invoiceId)
    if (invoice === undefined) throw new Error(`order ${order.id} has no invoice`)
    t.equal(invoiceTotals(invoice).totalCents, order.amountCents, `order ${order.id}`)
    t.ok(invoice.items.every(item => Number.isSafeInteger(item.amountCents)))
  }
  t.ok(data.services.some(s => s.status === 'Active' && s.username !== ''), 'accepted services were set up')
  t.ok(data.domains.some(d => d.status === 'Expired'), 'a domain to renew')
})

t.test('CloseClient cancels the account\'s live items and unpaid invoices; DeleteClient removes them', async t => {
  const sb = await start(t)
  await api(sb, 'AddOrder', { clientid: '6', paymentmethod: 'paypal', 'pid[0]': '1' })
  t.same((await api(sb, 'CloseClient', { clientid: '6' })).body, { result: 'success', clientid: 6 })
  const orders = pick((await api(sb, 'GetOrders', { userid: '6' })).body, 'orders.order') as Array<{ paymentstatus: string, lineitems: { lineitem: Array<{ status: string }> } }>
  t.same(orders.map(o => o.paymentstatus), ['Cancelled', 'Paid'], 'the unpaid invoice is cancelled, the paid one kept')
  t.ok(orders.every(o => o.lineitems.lineitem.every(l => l.status === 'Cancelled')))
  await api(sb, 'DeleteClient', { clientid: '6' })
  t.equal(pick((await api(sb, 'GetOrders', { userid: '6' })).body, 'totalresults'), 0)
})

t.test('GetClientsDetails stats count the client\'s invoices, services and domains', async t => {
  const sb = await start(t, { now: () => new Date('2025-01-01T00:00:00Z') })
  const stats = pick((await api(sb, 'GetClientsDetails', { clientid: '5', stats: '1' })).body, 'stats')
  t.match(stats, { numunpaidinvoices: 1, unpaidinvoicesamount: '£51.58 GBP', numoverdueinvoices: 1, productsnumtotal: 2, productsnumactive: 0, numdomains: 1 })
  const active = pick((await api(sb, 'GetClientsDetails', { clientid: '6', stats: '1' })).body, 'stats')
  t.match(active, { numpaidinvoices: 1, income: '$149.88 USD', productsnumactivehosting: 1, productsnumactive: 2, numactivedomains: 1 })
})
