import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /promotions', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('pages every promotion, typed', async (t) => {
    const page = (await app.inject('/promotions?limit=2&offset=2')).json<Page>()
    t.same(page.meta, { total: 6, offset: 2, limit: 2 })
    t.same(page.data.map((p) => p.code), ['SUMMER2023', 'LAUNCH50'])
    t.same(page.data[0], {
      id: 3,
      code: 'SUMMER2023',
      type: 'Percentage',
      recurring: false,
      value: '25.00',
      cycles: [],
      appliesTo: ['1', '2'],
      requires: [],
      requiresExisting: false,
      startDate: '2023-06-01',
      expirationDate: '2023-08-31',
      maxUses: 0,
      uses: 0,
      lifetimePromo: false,
      applyOnce: false,
      newSignups: false,
      existingClient: false,
      oncePerClient: false,
      recurFor: 0,
      upgrades: false,
      notes: 'Summer sale (over)'
    })
  })

  t.test('gets one by its code, whatever its case', async (t) => {
    const res = await app.inject('/promotions/freesetup')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { code: 'FREESETUP', type: 'Free Setup', cycles: ['Monthly'], startDate: null, expirationDate: null })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetPromotions', code: 'freesetup' })
  })

  t.test('a code that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/promotions/NO-SUCH-CODE')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND' })
  })

  t.test('a promotion used by an order counts the use at once', async (t) => {
    const before = (await app.inject('/promotions/SPRING10')).json<{ uses: number }>().uses
    const placed = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'idempotency-key': 'promotion-use-0001' },
      payload: { clientId: 6, paymentMethod: 'paypal', promoCode: 'SPRING10', items: [{ productId: 1, billingCycle: 'monthly' }] }
    })
    t.equal(placed.statusCode, 201)
    t.equal((await app.inject('/promotions/SPRING10')).json<{ uses: number }>().uses, before + 1, 'not hidden by a cache')
  })
})
