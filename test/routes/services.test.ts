import { Writable } from 'node:stream'
import { pino } from 'pino'
import t from 'tap'
import { loggerOptions } from '../../src/observability/logger.js'
import { fixedWhmcs } from '../support/fixtures.js'
import { build } from '../support/helper.js'

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
    for (const payload of [{}, { pid: 2 }, { recurringAmount: '8.555' }, { status: 'Gone' }]) {
      const res = await app.inject({ method: 'PATCH', url: '/services/10', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
    }
  })

  t.test('a service or product that does not exist is a 404 problem', async (t) => {
    t.match((await app.inject({ method: 'PATCH', url: '/services/999', payload: { notes: 'x' } })).json(), { status: 404, detail: 'Service ID Not Found' })
    t.match((await app.inject({ method: 'PATCH', url: '/services/10', payload: { productId: 999 } })).json(), { status: 404, detail: 'Product ID not found' })
  })
})

t.test('PATCH /services/{id}: custom fields and configurable options', async (t) => {
  const { app, sandbox } = await build(t)
  const patch = (id: number, payload: Json) => app.inject({ method: 'PATCH', url: `/services/${id}`, payload })
  const sent = (action: string) => sandbox.calls.filter((c) => c.fields.action === action).at(-1)?.fields ?? {}
  const unbase64 = (value: unknown) => Buffer.from(String(value), 'base64').toString('utf8')

  t.test('sets them, and the service answers them', async (t) => {
    const res = await patch(12, {
      customFields: [{ id: 2, value: 'vps1.example.com' }, { id: 4, value: 'Zoë-7' }],
      configOptions: [{ id: 2, value: 3 }, { id: 3, value: 4 }, { id: 4, value: 1 }, { id: 5, value: 10 }]
    })
    t.equal(res.statusCode, 204)
    const service = (await app.inject('/services/12')).json<Json>()
    t.same(service.customFields, [{ id: 2, value: 'vps1.example.com' }, { id: 3, value: '' }, { id: 4, value: 'Zoë-7' }])
    t.same(service.configOptions, [
      { id: 2, name: 'Operating system', type: 'dropdown', value: 'Debian 12' },
      { id: 3, name: 'Extra RAM', type: 'quantity', value: '4' },
      { id: 4, name: 'Daily backups', type: 'yesno', value: '1' },
      { id: 5, name: 'Control panel', type: 'radio', value: 'cPanel Solo' }
    ])
  })

  t.test('sends WHMCS exactly the serialized arrays it takes: a quantity or yes/no option as optionid and qty', async (t) => {
    sandbox.calls.length = 0
    t.equal((await patch(12, { customFields: [{ id: 4, value: 'Zoë "7"; i:1;' }], configOptions: [{ id: 3, value: 8 }, { id: 2, value: 5 }, { id: 4, value: 0 }, { id: 1, value: 20 }] })).statusCode, 204)
    t.same(sandbox.calls.map((c) => c.fields.action), ['GetClientsProducts', 'GetProducts', 'UpdateClientProduct'], 'the product and its options are read first')
    t.match(sandbox.calls[0]?.fields, { serviceid: '12' })
    t.match(sandbox.calls[1]?.fields, { pid: '4' })
    const fields = sent('UpdateClientProduct')
    t.equal(unbase64(fields.customfields), 'a:1:{i:4;s:14:"Zoë "7"; i:1;";}', 'lengths in UTF-8 bytes, the text as it is')
    // Ids in ascending order; option 1 is not the product's, so it goes as given for WHMCS to ignore.
    t.equal(unbase64(fields.configoptions), 'a:4:{i:1;i:20;i:2;i:5;i:3;a:2:{s:8:"optionid";i:7;s:3:"qty";i:8;}i:4;a:2:{s:8:"optionid";i:8;s:3:"qty";i:0;}}')
    t.match((await app.inject('/services/12')).json<Json>(), {
      customFields: [{ id: 2 }, { id: 3 }, { id: 4, value: 'Zoë "7"; i:1;' }],
      configOptions: [{ id: 2, value: 'Windows Server 2022' }, { id: 3, value: '8' }, { id: 4, value: '0' }, { id: 5, value: 'cPanel Solo' }]
    })
  })

  t.test('with productId, reads the options of that product only', async (t) => {
    sandbox.calls.length = 0
    t.equal((await patch(10, { productId: 4, configOptions: [{ id: 3, value: 2 }] })).statusCode, 204)
    t.same(sandbox.calls.map((c) => c.fields.action), ['GetProducts', 'UpdateClientProduct'])
    t.match(sandbox.calls[0]?.fields, { pid: '4' })
    t.equal(unbase64(sent('UpdateClientProduct').configoptions), 'a:1:{i:3;a:2:{s:8:"optionid";i:7;s:3:"qty";i:2;}}')
    t.match((await app.inject('/services/10')).json<Json>(), { productId: 4, configOptions: [{ id: 2 }, { id: 3, value: '2' }, { id: 4 }, { id: 5 }] })
  })

  t.test('custom fields alone, or no options, need no reads', async (t) => {
    sandbox.calls.length = 0
    t.equal((await patch(10, { customFields: [{ id: 1, value: 'Business' }], configOptions: [] })).statusCode, 204)
    t.same(sandbox.calls.map((c) => c.fields.action), ['UpdateClientProduct'])
    t.equal(unbase64(sent('UpdateClientProduct').configoptions), 'a:0:{}')
  })

  t.test('options of a service that does not exist are a 404 problem, before any write', async (t) => {
    sandbox.calls.length = 0
    const res = await patch(999, { configOptions: [{ id: 3, value: 2 }] })
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Service 999 does not exist' })
    t.same(sandbox.calls.map((c) => c.fields.action), ['GetClientsProducts'])
  })

  t.test('refuses values of the wrong shape or type with a 400 problem, sending nothing', async (t) => {
    sandbox.calls.length = 0
    const bad: Json[] = [
      { configOptions: [{ id: '2', value: 3 }] },
      { configOptions: [{ id: 2, value: '3' }] },
      { configOptions: [{ id: 2 }] },
      { configOptions: [{ id: 2, value: 3, name: 'Operating system' }] },
      { configOptions: [{ id: 0, value: 3 }] },
      { configOptions: [{ id: 2, value: -1 }] },
      { configOptions: { 2: 3 } },
      { customFields: [{ id: 1, value: 5 }] },
      { customFields: [{ id: 1 }] },
      { customFields: [{ id: 1, value: 'x', label: 'y' }] },
      { customFields: 'a:1:{i:1;s:1:"x";}' }
    ]
    for (const payload of bad) {
      const res = await patch(12, payload)
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
    t.same(sandbox.calls, [])
  })
})

t.test('PATCH /services/{id}: billing fields', async (t) => {
  const { app, sandbox } = await build(t)
  const patch = (id: number, payload: Json) => app.inject({ method: 'PATCH', url: `/services/${id}`, payload })

  t.test('sets dates, amounts, the subscription and the suspension override under WHMCS\'s names', async (t) => {
    const res = await patch(10, {
      firstPaymentAmount: '14.99',
      registrationDate: '2023-01-15',
      terminationDate: '2027-01-31',
      overrideAutoSuspend: true,
      overrideSuspendUntil: '2026-06-30',
      subscriptionId: 'sub_1Q2w3E4r5T6y'
    })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, {
      action: 'UpdateClientProduct',
      serviceid: '10',
      firstpaymentamount: '14.99',
      regdate: '2023-01-15',
      terminationdate: '2027-01-31',
      overideautosuspend: 'on',
      overidesuspenduntil: '2026-06-30',
      subscriptionid: 'sub_1Q2w3E4r5T6y'
    })
    t.match((await app.inject('/services/10')).json<Json>(), {
      firstPaymentAmount: '14.99',
      registrationDate: '2023-01-15',
      overrideAutoSuspend: true,
      overrideSuspendUntil: '2026-06-30',
      subscriptionId: 'sub_1Q2w3E4r5T6y'
    })
    t.equal((await patch(10, { overrideAutoSuspend: false })).statusCode, 204)
    t.equal(sandbox.calls.at(-1)?.fields.overideautosuspend, 'off')
    t.match((await app.inject('/services/10')).json<Json>(), { overrideAutoSuspend: false })
  })

  t.test('null clears a text field through WHMCS\'s unset[]', async (t) => {
    t.equal((await patch(11, { notes: 'Call first', dedicatedIp: '192.0.2.9' })).statusCode, 204)
    t.equal((await patch(11, { subscriptionId: null, notes: null, suspendReason: null, dedicatedIp: '192.0.2.10' })).statusCode, 204)
    const fields = sandbox.calls.at(-1)?.fields ?? {}
    t.match(fields, { 'unset[0]': 'subscriptionid', 'unset[1]': 'suspendreason', 'unset[2]': 'notes', dedicatedip: '192.0.2.10' })
    t.notOk('notes' in fields, 'a cleared field is not sent empty')
    t.match((await app.inject('/services/11')).json<Json>(), { notes: '', suspendReason: '', subscriptionId: '', dedicatedIp: '192.0.2.10', status: 'Suspended' })
  })

  t.test('autoRecalculate sets the recurring amount from the catalogue', async (t) => {
    t.equal((await patch(12, { recurringAmount: '1.00', autoRecalculate: true })).statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { autorecalc: '1', recurringamount: '1.00' })
    t.match((await app.inject('/services/12')).json<Json>(), { recurringAmount: '12.00' })
  })

  t.test('refuses wrong types with a 400 problem: no coercion of JSON values', async (t) => {
    const bad: Json[] = [
      { firstPaymentAmount: 14.99 },
      { firstPaymentAmount: '14.999' },
      { autoRecalculate: 'true' },
      { autoRecalculate: 1 },
      { overrideAutoSuspend: 'on' },
      { registrationDate: '15/01/2023' },
      { terminationDate: 20270131 },
      { overrideSuspendUntil: '2026-02-30T00:00:00Z' },
      { subscriptionId: '' },
      { notes: '' },
      { password: '' },
      { subscriptionId: 5 },
      { unset: ['notes'] },
      { overideautosuspend: 'on' }
    ]
    for (const payload of bad) t.equal((await patch(10, payload)).statusCode, 400, JSON.stringify(payload))
  })
})

t.test('a service password is sent to WHMCS, never answered and never logged', async (t) => {
  const chunks: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done() } })
  const { app, sandbox } = await build(t, { logStream })
  const password = 'Xq7!vR2#kP9m'
  const res = await app.inject({ method: 'PATCH', url: '/services/10', payload: { password } })
  t.equal(res.statusCode, 204)
  t.equal(sandbox.calls.at(-1)?.fields.servicepassword, password)
  // An invalid body, which the validation problem would quote if it could.
  const bad = await app.inject({ method: 'PATCH', url: '/services/10', payload: { password, notes: '' } })
  t.equal(bad.statusCode, 400)
  t.notOk(bad.body.includes(password), 'the problem does not quote it')
  const service = await app.inject('/services/10')
  t.notOk(service.body.includes(password), 'the service is answered without it')
  const log = chunks.join('')
  t.ok(log.includes('/services/10'), 'the requests were logged')
  t.notOk(log.includes(password), 'no password in the log')
})

t.test('the log redacts a service password wherever a log call puts it', async (t) => {
  const lines: string[] = []
  const log = pino(loggerOptions('info'), new Writable({ write (chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done() } }))
  log.info({ params: { servicepassword: 'Pw-1' }, body: { servicePassword: 'Pw-2', password: 'Pw-3' }, servicepassword: 'Pw-4' }, 'service')
  t.notMatch(lines[0], /Pw-\d/)
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
