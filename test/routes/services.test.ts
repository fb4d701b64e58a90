import t from 'tap'
import { fixedWhmcs } from '../fixtures.js'
import { build } from '../helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

const post = (url: string, payload?: Json) => ({ method: 'POST' as const, url, ...(payload === undefined ? {} : { payload }) })

t.test('GET /clients/{id}/services', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers a page of the client\'s services, typed', async (t) => {
    const res = await app.inject('/clients/2/services')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.data.map((s) => s.id), [5, 9, 10])
    t.same(page.meta, { total: 3, offset: 0, limit: 25 })
    t.match(page.data[2], {
      id: 10,
      clientId: 2,
      orderId: null,
      productId: 2,
      productName: 'Business',
      groupName: 'Shared Hosting',
      domain: 'angstrom-shop.com',
      status: 'Active',
      serverId: 1,
      serverName: 'cPanel 1',
      serverHostname: 'cp1.example.net',
      username: 'angshop',
      registrationDate: '2024-09-02',
      billingCycle: 'Monthly',
      recurringAmount: '9.99',
      nextDueDate: '2026-12-02',
      quantity: 1
    })
    t.notOk('password' in page.data[2], 'the account password is not passed on')
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetClientsProducts', clientid: '2', limitstart: '0', limitnum: '25' })
  })

  t.test('filters by product and domain under WHMCS\'s names, and pages', async (t) => {
    t.same((await app.inject('/clients/2/services?productId=6')).json<Page>().data.map((s) => s.id), [5])
    t.match(sandbox.calls.at(-1)?.fields, { pid: '6' })
    t.same((await app.inject('/clients/2/services?domain=angstrom-blog.se')).json<Page>().data.map((s) => s.id), [9])
    const res = await app.inject('/clients/2/services?limit=1&offset=1')
    t.same(res.json<Page>(), { data: [res.json<Page>().data[0]], meta: { total: 3, offset: 1, limit: 1 } })
    t.equal(res.json<Page>().data[0]?.id, 9)
    t.same((await app.inject('/clients/3/services')).json<Page>(), { data: [], meta: { total: 0, offset: 0, limit: 25 } })
  })

  t.test('a client that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/clients/9999/services')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Client ID Not Found' })
  })
})

t.test('GET /services/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers one service', async (t) => {
    const res = await app.inject('/services/11')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { id: 11, clientId: 6, status: 'Suspended', suspendReason: 'Overdue on payment', serverName: 'cPanel 2' })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetClientsProducts', serviceid: '11' })
  })

  t.test('a service that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/services/999')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Service 999 does not exist' })
  })
})

t.test('PATCH /services/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('changes only the fields given, under WHMCS\'s names', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/services/10', payload: { notes: 'VIP', recurringAmount: '8.50', nextDueDate: '2027-01-02', billingCycle: 'annually', dedicatedIp: '192.0.2.50', username: 'zshop', paymentMethod: 'stripe', serverId: 2, domain: 'zoe-shop.net' } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateClientProduct', serviceid: '10', notes: 'VIP', recurringamount: '8.50', nextduedate: '2027-01-02', billingcycle: 'annually', dedicatedip: '192.0.2.50', serviceusername: 'zshop', paymentmethod: 'stripe', serverid: '2', domain: 'zoe-shop.net' })
    t.match((await app.inject('/services/10')).json(), { notes: 'VIP', recurringAmount: '8.50', nextDueDate: '2027-01-02', billingCycle: 'Annually', dedicatedIp: '192.0.2.50', username: 'zshop', paymentMethod: 'stripe', serverId: 2, domain: 'zoe-shop.net', status: 'Active' })
  })

  t.test('refuses an empty or unknown body with a 400 problem', async (t) => {
    for (const payload of [{}, { password: 'x' }, { recurringAmount: '8.555' }, { status: 'Gone' }]) {
      const res = await app.inject({ method: 'PATCH', url: '/services/10', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
    }
  })

  t.test('a service or product that does not exist is a 404 problem', async (t) => {
    t.match((await app.inject({ method: 'PATCH', url: '/services/999', payload: { notes: 'x' } })).json(), { status: 404, detail: 'Service ID Not Found' })
    t.match((await app.inject({ method: 'PATCH', url: '/services/10', payload: { productId: 999 } })).json(), { status: 404, detail: 'Product ID not found' })
  })
})

t.test('the module lifecycle', async (t) => {
  const { app, sandbox } = await build(t)
  const status = async (id: number): Promise<unknown> => (await app.inject(`/services/${id}`)).json<Json>().status

  t.test('Pending -> Active -> Suspended -> Active -> Suspended -> Terminated', async (t) => {
    let res = await app.inject(post('/services/9/provision'))
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'ModuleCreate', serviceid: '9' })
    t.match((await app.inject('/services/9')).json(), { status: 'Active', serverId: 1, username: 'angstrom' })

    res = await app.inject(post('/services/9/suspend', { reason: 'Abuse report' }))
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'ModuleSuspend', serviceid: '9', suspendreason: 'Abuse report' })
    t.match((await app.inject('/services/9')).json(), { status: 'Suspended', suspendReason: 'Abuse report' })

    t.equal((await app.inject(post('/services/9/unsuspend'))).statusCode, 204)
    t.match((await app.inject('/services/9')).json(), { status: 'Active', suspendReason: '' })

    t.equal((await app.inject(post('/services/9/suspend', {}))).statusCode, 204)
    t.equal(await status(9), 'Suspended')
    t.equal((await app.inject(post('/services/9/terminate'))).statusCode, 204)
    t.equal(await status(9), 'Terminated')
  })

  t.test('Active -> Terminated', async (t) => {
    t.equal((await app.inject(post('/services/12/terminate'))).statusCode, 204)
    t.equal(await status(12), 'Terminated')
  })

  t.test('invalid transitions are 409 problems with the module\'s text', async (t) => {
    const cases: Array<[string, string]> = [
      ['/services/10/provision', 'An account already exists for this service'],
      ['/services/11/suspend', 'The account is already suspended'],
      ['/services/10/unsuspend', 'The account is not suspended'],
      ['/services/12/provision', 'The account has already been terminated'],
      ['/services/12/suspend', 'The account has already been terminated'],
      ['/services/12/unsuspend', 'The account has already been terminated'],
      ['/services/12/terminate', 'The account has already been terminated'],
      ['/services/12/change-package', 'The account has already been terminated'],
      ['/services/5/suspend', 'The account is not active'],
      ['/services/5/terminate', 'The account is not active'],
      ['/services/5/unsuspend', 'The account is not suspended'],
      ['/services/3/provision', 'The account is not active']
    ]
    for (const [url, detail] of cases) {
      const res = await app.inject(post(url, url.endsWith('/suspend') ? {} : undefined))
      t.equal(res.statusCode, 409, url)
      t.match(res.json(), { code: 'CONFLICT', detail }, url)
    }
  })

  t.test('a product without a module is a 409 problem', async (t) => {
    const res = await app.inject(post('/services/7/provision'))
    t.equal(res.statusCode, 409)
    t.match(res.json(), { code: 'CONFLICT', detail: 'Service not assigned to a module' })
  })

  t.test('a service that does not exist is a 404 problem', async (t) => {
    for (const action of ['provision', 'unsuspend', 'terminate', 'change-package']) {
      const res = await app.inject(post(`/services/999/${action}`))
      t.equal(res.statusCode, 404, action)
      t.match(res.json(), { code: 'NOT_FOUND', detail: 'Service ID not found' })
    }
  })

  t.test('a module failure is a 502 MODULE_FAILED problem with its text', async (t) => {
    t.equal((await app.inject({ method: 'PATCH', url: '/services/10', payload: { status: 'Pending', domain: 'shop.invalid' } })).statusCode, 204)
    const res = await app.inject(post('/services/10/provision'))
    t.equal(res.statusCode, 502)
    t.match(res.json(), { code: 'MODULE_FAILED', title: 'The provisioning module failed', detail: 'Account creation failed: the server refused the domain name shop.invalid' })
    t.equal(await status(10), 'Pending', 'nothing changed')
  })

  t.test('change-package applies a product of the same module, and refuses another module', async (t) => {
    t.equal((await app.inject(post('/services/13/change-package'))).statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'ModuleChangePackage', serviceid: '13' })
    t.equal((await app.inject({ method: 'PATCH', url: '/services/13', payload: { productId: 4 } })).statusCode, 204)
    const res = await app.inject(post('/services/13/change-package'))
    t.equal(res.statusCode, 502)
    t.match(res.json(), { code: 'MODULE_FAILED', detail: 'Package change failed: the account was created by the cpanel module and cannot move to a virtualizor product' })
    t.equal((await app.inject({ method: 'PATCH', url: '/services/13', payload: { productId: 1 } })).statusCode, 204)
    t.equal((await app.inject(post('/services/13/change-package'))).statusCode, 204)
  })
})

t.test('a failure WHMCS reports on a module route is MODULE_FAILED; elsewhere UPSTREAM_FAILED', async (t) => {
  const url = await fixedWhmcs(t, { result: 'error', message: 'Connection to cp9.example.net failed' })
  const { app } = await build(t, { whmcs: { url } })
  const res = await app.inject(post('/services/10/terminate'))
  t.equal(res.statusCode, 502)
  t.match(res.json(), { code: 'MODULE_FAILED', detail: 'Connection to cp9.example.net failed' })
  const other = await app.inject({ method: 'PATCH', url: '/services/10', payload: { notes: 'x' } })
  t.equal(other.statusCode, 502)
  t.match(other.json(), { code: 'UPSTREAM_FAILED' })
})

t.test('a text WHMCS does not explain stays a 422 on a module route', async (t) => {
  const url = await fixedWhmcs(t, { result: 'error', message: 'Something odd happened' })
  const { app } = await build(t, { whmcs: { url } })
  const res = await app.inject(post('/services/10/unsuspend'))
  t.equal(res.statusCode, 422)
  t.match(res.json(), { code: 'WHMCS_REJECTED', detail: 'Something odd happened' })
})
