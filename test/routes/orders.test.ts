import t from 'tap'
import { sameAnswer, keyedRequest as post } from '../support/fixtures.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }
interface Order extends Json { id: number, status: string, lines: Json[] }

const hosting = { clientId: 6, paymentMethod: 'paypal', items: [{ productId: 1, billingCycle: 'monthly', domain: 'shop.example.com' }] }

t.test('GET /orders', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers a page of orders, newest first, typed', async (t) => {
    const res = await app.inject('/orders?limit=3')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.data.map((o) => o.id), [7, 6, 5])
    t.same(page.meta, { total: 7, offset: 0, limit: 3 })
    t.equal(res.headers.link, '</orders?limit=3&offset=3>; rel="next"')
    t.match(page.data[0], {
      id: 7,
      orderNum: /^\d{10}$/,
      clientId: 5,
      requestorId: 5,
      contactId: null,
      date: '2024-06-18T12:00:00',
      status: 'Pending',
      amount: '51.58',
      currencySuffix: ' GBP',
      invoiceId: 7,
      paymentStatus: 'Unpaid',
      clientName: 'Margaret Smith',
      nameservers: [],
      lines: [
        { type: 'product', relId: 7, productType: 'Other Product/Service', billingCycle: 'One Time', amount: '39.00', status: 'Pending' },
        { type: 'product', relId: 8, billingCycle: 'Free Account', amount: '0.00' },
        { type: 'domain', relId: 4, productType: 'Domain Registration', domain: 'smithandsons.co.uk', amount: '12.58' }
      ]
    })
  })

  t.test('filters by client, requestor and status under WHMCS\'s names', async (t) => {
    const res = await app.inject('/orders?clientId=6&status=Active&requestorId=6')
    t.same(res.json<Page>().data.map((o) => o.id), [2])
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetOrders', userid: '6', status: 'Active', requestor_id: '6', limitstart: '0', limitnum: '25' })
    t.same((await app.inject('/orders?status=Fraud')).json<Page>().data.map((o) => o.status), ['Fraud'])
    t.same((await app.inject('/orders?clientId=20')).json<Page>(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
  })

  t.test('rejects bad paging and filters with a 400 problem', async (t) => {
    for (const q of ['limit=0', 'offset=-1', 'clientId=0', 'status=%3Cscript%3E', 'userid=6']) {
      const res = await app.inject(`/orders?${q}`)
      t.equal(res.statusCode, 400, q)
      t.match(res.json(), { code: 'INVALID_REQUEST' })
    }
  })
})

t.test('GET /orders/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers one order with its lines and promotion', async (t) => {
    const res = await app.inject('/orders/3')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { id: 3, clientId: 10, status: 'Cancelled', promoCode: 'SPRING10', promoType: 'Percentage', promoValue: '10.00', paymentStatus: 'Cancelled', amount: '4.13', lines: [{ type: 'product', amount: '4.13', status: 'Cancelled' }] })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetOrders', id: '3' })
  })

  t.test('an order that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/orders/999')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Order 999 does not exist' })
  })
})

t.test('POST /orders', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('places an order: 201, the ids as integers and the order\'s Location', async (t) => {
    const res = await app.inject(post('/orders', hosting))
    t.equal(res.statusCode, 201)
    t.same(res.json(), { id: 8, invoiceId: 8, serviceIds: [14], addonIds: [], domainIds: [] })
    t.equal(res.headers.location, '/orders/8')
    t.match((await app.inject('/orders/8')).json(), { status: 'Pending', paymentStatus: 'Unpaid', amount: '4.99', lines: [{ domain: 'shop.example.com', status: 'Pending' }] })
  })

  t.test('without an invoice, invoiceId is null', async (t) => {
    const res = await app.inject(post('/orders', { ...hosting, noInvoice: true, noEmail: true }))
    t.equal(res.statusCode, 201)
    t.equal(res.json<Json>().invoiceId, null)
    t.match(sandbox.calls.at(-1)?.fields, { noinvoice: '1', noemail: '1' })
  })

  t.test('addons for existing services and domain renewals', async (t) => {
    const res = await app.inject(post('/orders', { clientId: 15, paymentMethod: 'stripe', addons: [{ addonId: 2, serviceId: 1 }], domainRenewals: [{ domain: 'davisconsulting.com', period: 2 }] }))
    t.equal(res.statusCode, 201)
    t.match(res.json(), { serviceIds: [], addonIds: [Number], domainIds: [] })
    t.match(sandbox.calls.at(-1)?.fields, { 'addonids[0]': '2', 'serviceids[0]': '1', 'domainrenewals[davisconsulting.com]': '2' })
  })

  t.test('requires an Idempotency-Key, and replays the first answer for a repeat', async (t) => {
    const missing = await app.inject({ method: 'POST', url: '/orders', payload: hosting })
    t.equal(missing.statusCode, 400)
    t.match(missing.json(), { code: 'IDEMPOTENCY_KEY_REQUIRED' })
    const request = post('/orders', hosting)
    const first = await app.inject(request)
    const before = sandbox.calls.filter((c) => c.action === 'AddOrder').length
    const replay = await app.inject(request)
    sameAnswer(t, replay, first)
    t.equal(sandbox.calls.filter((c) => c.action === 'AddOrder').length, before, 'WHMCS placed the order once')
  })

  t.test('WHMCS\'s refusals become problems', async (t) => {
    const cases: Array<[Json, number, string, RegExp]> = [
      [{ ...hosting, clientId: 999 }, 404, 'NOT_FOUND', /^Client ID Not Found$/],
      [{ ...hosting, clientId: 12 }, 409, 'CONFLICT', /client status is Closed/],
      [{ ...hosting, paymentMethod: 'bitcoin' }, 422, 'INVALID_INPUT', /^Invalid Payment Method. Valid options include banktransfer,mailin,paypal,stripe$/],
      [{ ...hosting, items: [{ productId: 999 }] }, 422, 'INVALID_INPUT', /^No items added to cart/],
      [{ clientId: 6, paymentMethod: 'paypal' }, 422, 'INVALID_INPUT', /^No items added to cart/],
      [{ clientId: 6, paymentMethod: 'paypal', addons: [{ addonId: 1, serviceId: 1 }] }, 422, 'INVALID_INPUT', /^Service ID 1 not owned by Client ID provided$/],
      [{ clientId: 13, paymentMethod: 'paypal', domainRenewals: [{ domain: 'browndesign.com', period: 1 }] }, 409, 'CONFLICT', /^Domain status is set to 'Fraud'/]
    ]
    for (const [body, status, code, detail] of cases) {
      const res = await app.inject(post('/orders', body))
      t.equal(res.statusCode, status, JSON.stringify(body))
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code, detail })
    }
  })

  t.test('rejects a body that does not match the schema before calling WHMCS', async (t) => {
    const before = sandbox.calls.length
    const bodies: Json[] = [
      { ...hosting, colour: 'blue' },
      { ...hosting, clientId: '6x' },
      { paymentMethod: 'paypal' },
      { ...hosting, items: [{ productId: 1, billingCycle: 'weekly' }] },
      { ...hosting, items: [{ productId: 1, priceOverride: '9.999' }] },
      { ...hosting, items: [{ productId: 1, configOptions: { 1: 2 } }] },
      { ...hosting, domains: [{ domain: 'a.com', type: 'steal' }] },
      { ...hosting, nameservers: ['a', 'b', 'c', 'd', 'e', 'f'] }
    ]
    for (const body of bodies) {
      const res = await app.inject(post('/orders', body))
      t.equal(res.statusCode, 400, JSON.stringify(body))
      t.match(res.json(), { code: 'INVALID_REQUEST', errors: Array })
    }
    t.equal(sandbox.calls.length, before)
  })
})

t.test('the order lifecycle', async (t) => {
  const { app, sandbox } = await build(t)
  const place = async (body: Json = hosting): Promise<number> => {
    const res = await app.inject(post('/orders', body))
    t.equal(res.statusCode, 201)
    return res.json<{ id: number }>().id
  }
  const order = async (id: number): Promise<Order> => (await app.inject(`/orders/${id}`)).json<Order>()

  t.test('order -> accept: the services and domains are active', async (t) => {
    const id = await place({ ...hosting, items: [{ productId: 2, billingCycle: 'annually', domain: 'lifecycle.com', addons: [1] }], domains: [{ domain: 'lifecycle.com', type: 'register' }] })
    const res = await app.inject(post(`/orders/${id}/accept`, { autoSetup: true, sendEmail: false, serviceUsername: 'lifecyc', servicePassword: 'pa55-w0rd!' }))
    t.equal(res.statusCode, 204)
    t.equal(res.body, '')
    t.match(sandbox.calls.at(-1)?.fields, { action: 'AcceptOrder', orderid: String(id), autosetup: '1', sendemail: '0', serviceusername: 'lifecyc', servicepassword: 'pa55-w0rd!' })
    const accepted = await order(id)
    t.equal(accepted.status, 'Active')
    t.same(accepted.lines.map((l) => [l.type, l.status]), [['product', 'Active'], ['addon', 'Active'], ['domain', 'Active']])
    t.equal(accepted.paymentStatus, 'Unpaid', 'accepting does not pay the invoice')
  })

  t.test('accept with the products\' defaults takes an empty body', async (t) => {
    const id = await place()
    t.equal((await app.inject(post(`/orders/${id}/accept`, {}))).statusCode, 204)
    t.equal((await order(id)).status, 'Active')
  })

  t.test('accepting an order that is not Pending, or does not exist, is a 409 problem', async (t) => {
    for (const id of [2, 999]) {
      const res = await app.inject(post(`/orders/${id}/accept`, {}))
      t.equal(res.statusCode, 409)
      t.match(res.json(), { code: 'CONFLICT', detail: 'Order ID not found or Status not Pending' })
    }
  })

  t.test('a provisioning module that fails is a 502 problem with its message', async (t) => {
    const id = await place({ ...hosting, items: [{ productId: 1, domain: 'broken.invalid' }] })
    const res = await app.inject(post(`/orders/${id}/accept`, { autoSetup: true }))
    t.equal(res.statusCode, 502)
    t.match(res.json(), { code: 'UPSTREAM_FAILED', detail: /^Account creation failed/ })
    t.equal((await order(id)).status, 'Pending')
  })

  t.test('order -> fraud -> delete', async (t) => {
    const id = await place()
    const fraud = await app.inject({ method: 'POST', url: `/orders/${id}/fraud?cancelSubscription=true` })
    t.equal(fraud.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'FraudOrder', orderid: String(id), cancelsub: '1' })
    const marked = await order(id)
    t.equal(marked.status, 'Fraud')
    t.equal(marked.paymentStatus, 'Cancelled')
    t.ok(marked.lines.every((l) => l.status === 'Fraud'))
    t.equal((await app.inject({ method: 'DELETE', url: `/orders/${id}` })).statusCode, 204)
    t.equal((await app.inject(`/orders/${id}`)).statusCode, 404)
  })

  t.test('order -> cancel -> pending -> cancel', async (t) => {
    const id = await place()
    t.equal((await app.inject({ method: 'POST', url: `/orders/${id}/cancel` })).statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CancelOrder', cancelsub: '0', noemail: '0' })
    t.match(await order(id), { status: 'Cancelled', paymentStatus: 'Cancelled' })
    const again = await app.inject({ method: 'POST', url: `/orders/${id}/cancel` })
    t.equal(again.statusCode, 409)
    t.equal((await app.inject({ method: 'POST', url: `/orders/${id}/pending` })).statusCode, 204)
    t.match(await order(id), { status: 'Pending', paymentStatus: 'Unpaid' })
    t.equal((await app.inject({ method: 'POST', url: `/orders/${id}/cancel?noEmail=true` })).statusCode, 204)
  })

  t.test('only a Cancelled or Fraud order can be deleted', async (t) => {
    const res = await app.inject({ method: 'DELETE', url: '/orders/2' })
    t.equal(res.statusCode, 409)
    t.match(res.json(), { code: 'CONFLICT', detail: 'The order status must be in Cancelled or Fraud to be deleted' })
    const gone = await app.inject({ method: 'DELETE', url: '/orders/999' })
    t.equal(gone.statusCode, 404)
  })

  t.test('pending and fraud of an order that does not exist are 404 problems', async (t) => {
    for (const action of ['pending', 'fraud']) {
      const res = await app.inject({ method: 'POST', url: `/orders/999/${action}` })
      t.equal(res.statusCode, 404, action)
      t.match(res.json(), { code: 'NOT_FOUND', detail: 'Order ID Not Found' })
    }
  })

  t.test('accept takes only known fields', async (t) => {
    const res = await app.inject(post('/orders/5/accept', { autoSetup: true, force: true }))
    t.equal(res.statusCode, 400)
  })
})
