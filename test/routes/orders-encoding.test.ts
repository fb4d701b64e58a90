// POST /orders as AddOrder's wire format: the exact bytes the sandbox receives for a
// multi-item order with configurable options and custom fields in UTF-8. The expected body is
// written out by hand here (PHP serialize() counts UTF-8 bytes), not built with src/whmcs/encode.
import t from 'tap'
import { build } from '../support/helper.js'

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')
/** base64 inside a form body: its +, / and = are percent-encoded. */
const formB64 = (text: string): string => b64(text).replaceAll('+', '%2B').replaceAll('/', '%2F').replaceAll('=', '%3D')

const ORDER = {
  clientId: 6,
  paymentMethod: 'paypal',
  promoCode: 'SPRING10',
  items: [
    { productId: 2, billingCycle: 'annually', domain: 'zoë.com', configOptions: [{ id: 1, value: 5 }], customFields: [{ id: 1, value: 'Café & Bar ✓' }], addons: [1, 2] },
    {
      productId: 4,
      billingCycle: 'monthly',
      quantity: 2,
      configOptions: [{ id: 5, value: 10 }, { id: 2, value: 3 }],
      customFields: [{ id: 3, value: 'ключ 🔑' }, { id: 2, value: 'vps.zoë.com' }],
      priceOverride: '20.00'
    }
  ],
  domains: [
    { domain: 'zoë.com', type: 'register', period: 2 },
    { domain: 'other.io', type: 'transfer', eppCode: 'a&b=c d', dnsManagement: true }
  ],
  nameservers: ['ns1.example.net', 'ns2.example.net']
}

const EXPECTED_FORM = [
  'action=AddOrder',
  'clientid=6',
  'paymentmethod=paypal',
  'pid%5B0%5D=2',
  'pid%5B1%5D=4',
  // The registration shares the index of the product for the same domain; the transfer takes the next one.
  'domain%5B0%5D=zo%C3%AB.com',
  'domain%5B2%5D=other.io',
  'billingcycle%5B0%5D=annually',
  'billingcycle%5B1%5D=monthly',
  'qty%5B1%5D=2',
  `configoptions%5B0%5D=${formB64('a:1:{i:1;i:5;}')}`,
  `configoptions%5B1%5D=${formB64('a:2:{i:2;i:3;i:5;i:10;}')}`,
  `customfields%5B0%5D=${formB64('a:1:{i:1;s:15:"Café & Bar ✓";}')}`,
  `customfields%5B1%5D=${formB64('a:2:{i:2;s:12:"vps.zoë.com";i:3;s:13:"ключ 🔑";}')}`,
  'priceoverride%5B1%5D=20.00',
  'addons%5B0%5D=1%2C2',
  'domaintype%5B0%5D=register',
  'domaintype%5B2%5D=transfer',
  'regperiod%5B0%5D=2',
  'regperiod%5B2%5D=1',
  'eppcode%5B2%5D=a%26b%3Dc+d',
  'dnsmanagement%5B2%5D=1',
  'nameserver1=ns1.example.net',
  'nameserver2=ns2.example.net',
  'promocode=SPRING10'
].join('&')

t.test('a multi-item order reaches WHMCS as AddOrder\'s parallel arrays, byte for byte', async (t) => {
  const { app, sandbox } = await build(t)
  const res = await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'encoding-test-0001' }, payload: ORDER })
  t.equal(res.statusCode, 201, res.body)
  const call = sandbox.calls.at(-1)
  t.equal(call?.action, 'AddOrder')
  t.equal(call?.body, `${EXPECTED_FORM}&identifier=${sandbox.identifier}&secret=${sandbox.secret}&responsetype=json`)
})

t.test('the sandbox reads the order the facade sent: both products, the registration and the transfer', async (t) => {
  const { app } = await build(t)
  const created = await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'encoding-test-0002' }, payload: ORDER })
  t.match(created.json(), { serviceIds: [14, 15, 16], addonIds: [2, 3], domainIds: [9, 10] }, 'VPS S is sold as one service per unit')
  const order = (await app.inject(String(created.headers.location))).json<{ promoCode: string, lines: Array<Record<string, unknown>> }>()
  t.equal(order.promoCode, 'SPRING10')
  t.match(order.lines, [
    { type: 'product', product: 'Shared Hosting - Business', domain: 'zoë.com', billingCycle: 'Annually' },
    { type: 'product', product: 'VPS - VPS S', billingCycle: 'Monthly', amount: '18.00' },
    { type: 'product', product: 'VPS - VPS S', billingCycle: 'Monthly', amount: '18.00' },
    { type: 'addon', product: 'Daily Backups', domain: 'zoë.com' },
    { type: 'addon', product: 'Dedicated IP', domain: 'zoë.com' },
    { type: 'domain', productType: 'Domain Registration', domain: 'zoë.com', billingCycle: '2 Year(s)' },
    { type: 'domain', productType: 'Domain Transfer', domain: 'other.io' }
  ])
})
