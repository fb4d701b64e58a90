import t from 'tap'
import { keyedRequest as post } from '../support/fixtures.js'
import { build } from '../support/helper.js'

t.test('quotes', async (t) => {
  const { app, sandbox } = await build(t)
  const list = (await app.inject('/quotes?stage=Delivered')).json()
  t.equal(list.meta.total, 1)
  // Margaret lives in Great Britain: 20% VAT on the taxable lines.
  t.match(list.data[0], { subject: 'Mail migration for Smith & Sons', clientId: 5, subtotal: '435.00', tax1: '87.00', tax2: '0.00', total: '522.00' })
  const one = await app.inject('/quotes/1')
  t.equal(one.statusCode, 200)
  t.equal(one.json().items.length, 2)
  t.equal((await app.inject('/quotes/999')).statusCode, 404)
  const res = await app.inject(post('/quotes', { subject: 'Migration', stage: 'Draft', validUntil: '2026-12-31', clientId: 1, items: [{ description: 'Mailbox', quantity: '3', unitPrice: '12.50', taxable: true }] }))
  t.equal(res.statusCode, 201)
  const { id } = res.json()
  t.equal(res.headers.location, `/quotes/${id}`)
  // The sandbox reads dates in the install's format (DD/MM/YYYY by default), as WHMCS_DATE_FORMAT says.
  const created = (await app.inject(`/quotes/${id}`)).json()
  t.match(created, { validUntil: '2026-12-31', subtotal: '37.50', tax1: '7.50', tax2: '0.00', total: '45.00', stage: 'Draft' })
  t.ok(sandbox)
  // A prospect is taxed where the quote says they live: Canada's GST and British Columbia's PST.
  const prospect = (await app.inject(post('/quotes', { subject: 'Hosting', stage: 'Draft', validUntil: '2026-12-31', firstName: 'Ada', lastName: 'Byron', state: 'BC', countryCode: 'CA', items: [{ description: 'Plan', quantity: '2', unitPrice: '50.00', taxable: true }] }))).json()
  t.match((await app.inject(`/quotes/${prospect.id}`)).json(), { clientId: null, state: 'BC', countryCode: 'CA', subtotal: '100.00', tax1: '5.00', tax2: '7.00', total: '112.00' })
  const bad = await app.inject(post('/quotes', { subject: 'x', stage: 'Nope', validUntil: '2026-12-31', items: [{ description: 'x', unitPrice: '1' }] }))
  t.equal(bad.statusCode, 400)
})
