// The sandbox's catalogue actions: GetProducts and GetPromotions, in WHMCS's shapes.
import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

type Row = Record<string, unknown>
const ids = (body: Row, path: string, key: string): unknown[] => (pick(body, path) as Row[]).map(r => r[key])

t.test('GetProducts lists the catalogue with prices keyed by currency code, -1.00 for a cycle not sold', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetProducts')
  t.equal(body.totalresults, 10)
  t.same(ids(body, 'products.product', 'pid'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  const vps = (pick(body, 'products.product') as Row[])[3]
  t.match(vps, { pid: 4, gid: 3, type: 'server', name: 'VPS S', module: 'virtualizor', paytype: 'recurring', allowqty: 1, 'product-url': 'https://billing.example.com/store/vps/vps-s' })
  t.same(pick(vps, 'pricing.EUR'), {
    prefix: '€',
    suffix: ' EUR',
    msetupfee: '9.20',
    qsetupfee: '0.00',
    ssetupfee: '0.00',
    asetupfee: '0.00',
    bsetupfee: '0.00',
    tsetupfee: '0.00',
    monthly: '11.00',
    quarterly: '31.70',
    semiannually: '-1.00',
    annually: '121.40',
    biennially: '-1.00',
    triennially: '-1.00'
  })
  t.same(Object.keys(pick(vps, 'pricing') as Row), ['USD', 'EUR', 'GBP'])
})

t.test('GetProducts shows the order form\'s custom fields and the visible config options and choices', async t => {
  const sb = await start(t)
  const vps = pick((await api(sb, 'GetProducts', { pid: '4' })).body, 'products.product.0') as Row
  t.same(pick(vps, 'customfields.customfield'), [
    { id: 2, name: 'Hostname', description: 'Fully qualified hostname of the server', required: 'on' },
    { id: 3, name: 'Root SSH public key', description: 'Installed for root at first boot', required: '' }
  ], 'the staff-only field is not listed')
  const options = pick(vps, 'configoptions.configoption') as Row[]
  t.same(options.map(o => [o.id, o.type]), [[2, '1'], [3, '4'], [4, '3'], [5, '2']])
  t.same(ids(options[0], 'options.option', 'name'), ['Ubuntu 24.04 LTS', 'Debian 12', 'AlmaLinux 9', 'Windows Server 2022'], 'the hidden choice is not listed')
  t.match(options[1], { name: 'Extra RAM', minqty: 0, maxqty: 16 })
  t.match(pick(options[0], 'options.option.3.pricing.USD'), { monthly: '15.00', annually: '180.00', msetupfee: '0.00' })
  t.same(pick((await api(sb, 'GetProducts', { pid: '1' })).body, 'products.product.0.configoptions.configoption'), [])
})

t.test('GetProducts filters by product ids, group and module', async t => {
  const sb = await start(t)
  t.same(ids((await api(sb, 'GetProducts', { pid: '7, 2,99' })).body, 'products.product', 'pid'), [2, 7])
  t.same(ids((await api(sb, 'GetProducts', { gid: '3' })).body, 'products.product', 'pid'), [4, 5])
  t.same(ids((await api(sb, 'GetProducts', { module: 'CPANEL' })).body, 'products.product', 'pid'), [1, 2, 3])
  t.match((await api(sb, 'GetProducts', { pid: '99' })).body, { result: 'success', totalresults: 0, products: { product: [] } })
})

t.test('one-time and free products print their prices as WHMCS keeps them', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetProducts', { pid: '8,10' })
  t.match(pick(body, 'products.product.0'), { paytype: 'onetime', pricing: { USD: { monthly: '49.00', annually: '-1.00' } } })
  t.match(pick(body, 'products.product.1'), { paytype: 'free', pricing: { USD: { monthly: '-1.00' } } })
})

t.test('GetPromotions lists every promotion, or the one with a code, matched without case', async t => {
  const sb = await start(t)
  const all = await api(sb, 'GetPromotions')
  t.equal(all.body.totalresults, 6)
  t.same(ids(all.body, 'promotions.promotion', 'code'), ['SPRING10', 'WELCOME5', 'SUMMER2023', 'LAUNCH50', 'FREESETUP', 'DOTCOM1'])
  const one = await api(sb, 'GetPromotions', { code: 'summer2023' })
  t.same(one.body, {
    result: 'success',
    totalresults: 1,
    promotions: {
      promotion: [{
        id: 3,
        code: 'SUMMER2023',
        type: 'Percentage',
        recurring: 0,
        value: '25.00',
        cycles: '',
        appliesto: '1,2',
        requires: '',
        requiresexisting: 0,
        startdate: '2023-06-01',
        expirationdate: '2023-08-31',
        maxuses: 0,
        uses: 0,
        lifetimepromo: 0,
        applyonce: 0,
        newsignups: 0,
        existingclient: 0,
        onceperclient: 0,
        recurfor: 0,
        upgrades: 0,
        upgradeconfig: 'a:4:{s:5:"value";s:4:"0.00";s:4:"type";s:0:"";s:12:"discounttype";s:10:"Percentage";s:13:"configoptions";s:0:"";}',
        notes: 'Summer sale (over)'
      }]
    }
  })
  t.match((await api(sb, 'GetPromotions', { code: 'NOPE' })).body, { totalresults: 0, promotions: { promotion: [] } })
  t.match(pick((await api(sb, 'GetPromotions', { code: 'SPRING10' })).body, 'promotions.promotion.0'), { startdate: '0000-00-00', expirationdate: '0000-00-00', uses: 1 })
})
