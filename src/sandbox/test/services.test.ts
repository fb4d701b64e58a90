// UpdateClientProduct and GetClientsProducts: what a service update writes (custom fields, config
// options as WHMCS takes them, dates, amounts, clearing with unset[]) and how the service is then
// answered. Config options and custom fields are sent as hand-written PHP serialize() output.

import t from 'tap'
import { serviceHandlers } from '../handlers/services.js'
import { seedData } from '../seed/index.js'
import { Store } from '../store/index.js'
import { api, pick, runHandler, start } from './fixtures/helpers.js'

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')
const NOW = (): Date => new Date('2025-03-04T05:06:07Z')

/** Runs an action on a store directly, so a test can look at the records it wrote. */
const run = (store: Store, action: keyof typeof serviceHandlers, fields: Array<[string, string]>): Record<string, unknown> =>
  runHandler(serviceHandlers, store, action, fields, NOW)

const service = (store: Store, id: number) => {
  const found = store.services.get(id)
  if (found === undefined) throw new Error(`no service ${id}`)
  return found
}

t.test('GetClientsProducts answers every custom field and config option of the service\'s product', async t => {
  const sb = await start(t)
  // Service 12 is a VPS S set up by staff: nothing chosen yet.
  const { body } = await api(sb, 'GetClientsProducts', { serviceid: '12' })
  t.same(pick(body, 'products.product.0.customfields.customfield'), [
    { id: 2, name: 'Hostname', translated_name: 'Hostname', value: '' },
    { id: 3, name: 'Root SSH public key', translated_name: 'Root SSH public key', value: '' },
    { id: 4, name: 'Internal reference', translated_name: 'Internal reference', value: '' }
  ])
  t.same(pick(body, 'products.product.0.configoptions.configoption'), [
    { id: 2, option: 'Operating system', type: 'dropdown', value: '' },
    { id: 3, option: 'Extra RAM', type: 'quantity', value: '0' },
    { id: 4, option: 'Daily backups', type: 'yesno', value: '0' },
    { id: 5, option: 'Control panel', type: 'radio', value: '' }
  ])
  t.match(pick(body, 'products.product.0'), { overideautosuspend: '', overidesuspenduntil: '0000-00-00', subscriptionid: '' })
})

t.test('UpdateClientProduct stores the product\'s custom fields and ignores other ids', async t => {
  const sb = await start(t)
  const fields = b64('a:4:{i:2;s:16:"vps1.example.com";i:4;s:6:"Zoë-7";i:1;s:8:"Business";i:99;s:1:"x";}')
  t.same((await api(sb, 'UpdateClientProduct', { serviceid: '12', customfields: fields })).body, { result: 'success', serviceid: 12 })
  const { body } = await api(sb, 'GetClientsProducts', { serviceid: '12' })
  t.same((pick(body, 'products.product.0.customfields.customfield') as Array<{ id: number, value: string }>).map(f => [f.id, f.value]), [
    [2, 'vps1.example.com'], [3, ''], [4, 'Zoë-7']
  ], 'field 1 is another product\'s and 99 does not exist: both ignored')
  // A later update changes only the fields it names.
  await api(sb, 'UpdateClientProduct', { serviceid: '12', customfields: b64('a:1:{i:3;s:11:"ssh-ed25519";}') })
  const again = await api(sb, 'GetClientsProducts', { serviceid: '12' })
  t.same((pick(again.body, 'products.product.0.customfields.customfield') as Array<{ value: string }>).map(f => f.value), ['vps1.example.com', 'ssh-ed25519', 'Zoë-7'])
})

t.test('UpdateClientProduct takes a dropdown or radio as its sub-option id, a quantity or yes/no as optionid and qty', async t => {
  const sb = await start(t)
  const options = b64('a:4:{i:2;i:3;i:3;a:2:{s:8:"optionid";i:7;s:3:"qty";i:4;}i:4;a:2:{s:8:"optionid";i:8;s:3:"qty";i:1;}i:5;i:10;}')
  t.same((await api(sb, 'UpdateClientProduct', { serviceid: '12', configoptions: options })).body, { result: 'success', serviceid: 12 })
  const { body } = await api(sb, 'GetClientsProducts', { serviceid: '12' })
  t.same(pick(body, 'products.product.0.configoptions.configoption'), [
    { id: 2, option: 'Operating system', type: 'dropdown', value: 'Debian 12' },
    { id: 3, option: 'Extra RAM', type: 'quantity', value: '4' },
    { id: 4, option: 'Daily backups', type: 'yesno', value: '1' },
    { id: 5, option: 'Control panel', type: 'radio', value: 'cPanel Solo' }
  ])
})

t.test('UpdateClientProduct records a bare number for a quantity or yes/no option as 0 units, as WHMCS does', async t => {
  const store = new Store(seedData())
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', b64('a:2:{i:3;a:2:{s:8:"optionid";i:7;s:3:"qty";i:4;}i:4;a:2:{s:8:"optionid";i:8;s:3:"qty";i:1;}}')]])
  t.same(service(store, 12).configOptions, { 3: 4, 4: 1 })
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', b64('a:2:{i:3;i:8;i:4;i:1;}')]])
  t.same(service(store, 12).configOptions, { 3: 0, 4: 0 })
})

t.test('UpdateClientProduct ignores options that are not the product\'s, sub-options that are not the option\'s, and values that do not decode', async t => {
  const store = new Store(seedData())
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', b64('a:1:{i:2;i:5;}')]])
  // Option 1 belongs to product 2; sub-option 9 is the control panel's, not the operating system's.
  const answer = run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', b64('a:3:{i:1;i:20;i:2;i:9;i:77;i:1;}')]])
  t.same(answer, { result: 'success', serviceid: 12 })
  t.same(service(store, 12).configOptions, { 2: 5 })
  for (const garbage of ['not base64 of anything', b64('s:3:"abc";'), b64('a:1:{i:2;i:3;')]) {
    t.same(run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', garbage], ['customfields', garbage]]), { result: 'success', serviceid: 12 }, garbage)
  }
  t.same(service(store, 12).configOptions, { 2: 5 })
  t.same(service(store, 12).customFields, {})
})

t.test('custom fields and options are those of the product the same update moves the service to', async t => {
  const store = new Store(seedData())
  // Service 10 is a Business (product 2) service; product 4 has field 2 and option 2.
  run(store, 'UpdateClientProduct', [['serviceid', '10'], ['pid', '4'], ['customfields', b64('a:2:{i:1;s:8:"Business";i:2;s:6:"vps.io";}')], ['configoptions', b64('a:2:{i:1;i:5;i:2;i:4;}')]])
  t.match(service(store, 10), { productId: 4, customFields: { 2: 'vps.io' }, configOptions: { 2: 4 } })
  t.notOk('1' in service(store, 10).customFields)
})

t.test('UpdateClientProduct sets dates, amounts, the subscription, the password and the suspension override', async t => {
  const store = new Store(seedData())
  const answer = run(store, 'UpdateClientProduct', [
    ['serviceid', '10'],
    ['regdate', '2023-01-15'],
    ['terminationdate', '2027-01-31'],
    ['firstpaymentamount', '14.99'],
    ['subscriptionid', 'sub_1Q2w3E4r5T6y'],
    ['servicepassword', 'n3w-Pa55!'],
    ['overideautosuspend', 'on'],
    ['overidesuspenduntil', '2026-06-30']
  ])
  t.same(answer, { result: 'success', serviceid: 10 })
  t.match(service(store, 10), {
    regDate: '2023-01-15',
    terminationDate: '2027-01-31',
    firstPaymentCents: 1499,
    subscriptionId: 'sub_1Q2w3E4r5T6y',
    password: 'n3w-Pa55!',
    overrideAutoSuspend: true,
    overrideSuspendUntil: '2026-06-30'
  })
  run(store, 'UpdateClientProduct', [['serviceid', '10'], ['overideautosuspend', 'off']])
  t.equal(service(store, 10).overrideAutoSuspend, false)
})

t.test('GetClientsProducts answers the new values', async t => {
  const sb = await start(t)
  await api(sb, 'UpdateClientProduct', { serviceid: '10', regdate: '2023-01-15', firstpaymentamount: '14.99', subscriptionid: 'sub_9', overideautosuspend: 'on', overidesuspenduntil: '2026-06-30' })
  const { body } = await api(sb, 'GetClientsProducts', { serviceid: '10' })
  t.match(pick(body, 'products.product.0'), { regdate: '2023-01-15', firstpaymentamount: '14.99', subscriptionid: 'sub_9', overideautosuspend: 'on', overidesuspenduntil: '2026-06-30' })
})

t.test('UpdateClientProduct refuses malformed dates and amounts with its own texts', async t => {
  const store = new Store(seedData())
  const cases: Array<[string, string, string]> = [
    ['regdate', '15/01/2023', 'Invalid Registration Date'],
    ['terminationdate', 'tomorrow', 'Invalid Termination Date'],
    ['overidesuspenduntil', '2026-6-30', 'Invalid Override Suspend Until Date'],
    ['nextduedate', '', 'Invalid Next Due Date'],
    ['firstpaymentamount', '1.999', 'Invalid First Payment Amount'],
    ['recurringamount', 'ten', 'Invalid Recurring Amount']
  ]
  for (const [name, value, message] of cases) {
    t.same(run(store, 'UpdateClientProduct', [['serviceid', '10'], [name, value]]), { result: 'error', message }, name)
  }
  t.same(run(store, 'UpdateClientProduct', [['serviceid', '999'], ['notes', 'x']]), { result: 'error', message: 'Service ID Not Found' })
})

t.test('an empty text is ignored; unset[] clears', async t => {
  const store = new Store(seedData())
  run(store, 'UpdateClientProduct', [['serviceid', '11'], ['notes', 'Call first'], ['subscriptionid', 'sub_1'], ['dedicatedip', '192.0.2.9']])
  run(store, 'UpdateClientProduct', [['serviceid', '11'], ['notes', ''], ['subscriptionid', ''], ['domain', ''], ['serviceusername', '']])
  t.match(service(store, 11), { notes: 'Call first', subscriptionId: 'sub_1', domain: 'liam-photos.com', username: 'liamphot' }, 'empty values change nothing')
  run(store, 'UpdateClientProduct', [
    ['serviceid', '11'],
    ['unset[]', 'notes'],
    ['unset[]', 'subscriptionid'],
    ['unset[]', 'SuspendReason'],
    ['unset[]', 'servicepassword'],
    ['unset[]', 'dedicatedip'],
    ['unset[]', 'ns1'],
    ['unset[]', 'nonsense']
  ])
  t.match(service(store, 11), { notes: '', subscriptionId: '', suspendReason: '', password: '', dedicatedIp: '', domain: 'liam-photos.com', username: 'liamphot' })
})

t.test('autorecalc prices the service from the catalogue and ignores a recurringamount', async t => {
  const store = new Store(seedData())
  // VPS S monthly in USD (client 6): 12.00, with no options chosen.
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['recurringamount', '1.00'], ['autorecalc', '1']])
  t.equal(service(store, 12).recurringCents, 1200)
  // Windows 15.00, 4 GB RAM at 3.00, backups 2.00 and cPanel Solo 16.99, chosen in the same call.
  const options = b64('a:4:{i:2;i:5;i:3;a:2:{s:8:"optionid";i:7;s:3:"qty";i:4;}i:4;a:2:{s:8:"optionid";i:8;s:3:"qty";i:1;}i:5;i:10;}')
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['configoptions', options], ['autorecalc', 'true']])
  t.equal(service(store, 12).recurringCents, 1200 + 1500 + 4 * 300 + 200 + 1699)
  // Annually: the product's and every option's annual prices.
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['billingcycle', 'Annually'], ['autorecalc', '1']])
  t.equal(service(store, 12).recurringCents, 13200 + 12 * (1500 + 4 * 300 + 200 + 1699))
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['recurringamount', '5.00'], ['autorecalc', '0']])
  t.equal(service(store, 12).recurringCents, 500, 'autorecalc=0 leaves the amount given')
})

t.test('autorecalc takes a recurring promotion off, and a one-time cycle renews for nothing', async t => {
  const store = new Store(seedData())
  // SPRING10: 10% off for as long as the service lasts.
  service(store, 12).promotionId = 1
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['autorecalc', '1']])
  t.equal(service(store, 12).recurringCents, 1080)
  run(store, 'UpdateClientProduct', [['serviceid', '12'], ['billingcycle', 'One Time'], ['autorecalc', '1']])
  t.equal(service(store, 12).recurringCents, 0)
})
