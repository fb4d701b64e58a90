import t from 'tap'
import { keyedRequest as post } from '../support/fixtures.js'
import { build } from '../support/helper.js'

type Json = Record<string, any>

t.test('invoices', async (t) => {
  const { app } = await build(t)

  t.test('GET /invoices pages with totals as decimal strings', async (t) => {
    const res = await app.inject('/invoices?limit=2&orderBy=id&order=desc')
    t.equal(res.statusCode, 200)
    const page = res.json()
    t.equal(page.meta.total, 7)
    t.same(page.data.map((i: Json) => i.id), [7, 6])
    t.match(page.data[0], { clientId: 5, status: 'Unpaid', total: /^\d+\.\d{2}$/, currencyCode: 'GBP', datePaid: null })
    const unpaid = (await app.inject('/invoices?status=Unpaid&clientId=2')).json()
    t.same(unpaid.data.map((i: Json) => i.id), [5])
  })

  t.test('GET /invoices/{id} normalises items and transactions', async (t) => {
    const paid = (await app.inject('/invoices/1')).json()
    t.equal(paid.status, 'Paid')
    t.equal(paid.balance, '0.00')
    t.equal(paid.transactions.length, 1)
    t.equal(paid.transactions[0].amountIn, paid.total)
    const unpaid = (await app.inject('/invoices/5')).json()
    t.same(unpaid.transactions, [], 'WHMCS sends "" for no transactions')
    t.ok(unpaid.items.length >= 1)
    const missing = await app.inject('/invoices/999')
    t.equal(missing.statusCode, 404)
    t.equal(missing.json().detail, 'Invoice ID Not Found')
  })

  t.test('POST /invoices numbers the lines and computes tax in cents', async (t) => {
    const res = await app.inject(post('/invoices', { clientId: 3, taxRate: '20', items: [{ description: 'Consulting', amount: '100.05', taxed: true }, { description: 'Discount', amount: '-10.00' }] }))
    t.equal(res.statusCode, 201)
    const { id, status } = res.json()
    t.equal(status, 'Unpaid')
    t.equal(res.headers.location, `/invoices/${id}`)
    const invoice = (await app.inject(`/invoices/${id}`)).json()
    t.match(invoice, { subtotal: '90.05', tax: '20.01', total: '110.06', balance: '110.06', taxRate: '20.000' })
    t.same(invoice.items.map((i: Json) => [i.description, i.amount, i.taxed]), [['Consulting', '100.05', true], ['Discount', '-10.00', false]])
  })

  t.test('POST /invoices refuses a third decimal place, an unknown client, and needs a key', async (t) => {
    const number = await app.inject(post('/invoices', { clientId: 3, items: [{ description: 'x', amount: 10.555 }] }))
    t.equal(number.statusCode, 400)
    // A JSON number is not money, even one with two places: it was a float in the caller's hands.
    const twoPlaces = await app.inject(post('/invoices', { clientId: 3, items: [{ description: 'x', amount: 10.5 }] }))
    t.equal(twoPlaces.statusCode, 400)
    t.match(twoPlaces.json().errors, [{ location: 'body/items.0.amount', message: /must be string/ }])
    const payment = await app.inject(post('/invoices/1/payments', { amount: 5, transactionId: 'T-1', gateway: 'banktransfer', date: '2026-11-28T10:26:00' }))
    t.equal(payment.statusCode, 400)
    t.match(payment.json().errors, [{ location: 'body/amount', message: /must be string/ }])
    const textId = await app.inject(post('/invoices', { clientId: '3', items: [{ description: 'x', amount: '1.00' }] }))
    t.equal(textId.statusCode, 400, 'a JSON body carries its own types: an id is a number')
    t.match(textId.json().errors, [{ location: 'body/clientId', message: /must be integer/ }])
    t.equal((await app.inject('/invoices?clientId=3&limit=2')).statusCode, 200, 'a query string is text: its numbers are read')
    const threePlaces = await app.inject(post('/invoices', { clientId: 3, items: [{ description: 'x', amount: '10.555' }] }))
    t.equal(threePlaces.statusCode, 400)
    const unknown = await app.inject(post('/invoices', { clientId: 9999, items: [{ description: 'x', amount: '1.00' }] }))
    t.equal(unknown.statusCode, 404)
    t.equal(unknown.json().detail, 'Client ID Not Found')
    const noKey = await app.inject({ method: 'POST', url: '/invoices', payload: { clientId: 3, items: [{ description: 'x', amount: '1.00' }] } })
    t.equal(noKey.statusCode, 400)
    t.equal(noKey.json().code, 'IDEMPOTENCY_KEY_REQUIRED')
    const draftAndSend = await app.inject(post('/invoices', { clientId: 3, draft: true, sendEmail: true, items: [{ description: 'x', amount: '1.00' }] }))
    t.equal(draftAndSend.statusCode, 422)
  })

  t.test('PATCH /invoices/{id} changes, adds and deletes lines, and publishes a draft', async (t) => {
    const created = (await app.inject(post('/invoices', { clientId: 3, draft: true, items: [{ description: 'A', amount: '10.00' }, { description: 'B', amount: '5.00' }] }))).json()
    const before = (await app.inject(`/invoices/${created.id}`)).json()
    t.equal(before.status, 'Draft')
    const [a, b] = before.items
    const res = await app.inject(post(`/invoices/${created.id}`, { items: [{ id: a.id, description: 'A2', amount: '12.50', taxed: false }, { description: 'C', amount: '1.25' }], deleteLineIds: [b.id], publish: true }, 'PATCH'))
    t.equal(res.statusCode, 204)
    const after = (await app.inject(`/invoices/${created.id}`)).json()
    t.equal(after.status, 'Unpaid')
    t.same(after.items.map((i: Json) => [i.description, i.amount]), [['A2', '12.50'], ['C', '1.25']])
    t.equal(after.total, '13.75')
    const again = await app.inject(post(`/invoices/${created.id}`, { publish: true }, 'PATCH'))
    t.equal(again.statusCode, 409, 'only a Draft can be published')
    const missing = await app.inject(post('/invoices/999', { notes: 'x' }, 'PATCH'))
    t.equal(missing.statusCode, 404)
  })

  t.test('payments: partial stays Unpaid, the rest pays it, overpayment becomes credit', async (t) => {
    const { id } = (await app.inject(post('/invoices', { clientId: 4, items: [{ description: 'Work', amount: '30.00' }] }))).json()
    const first = await app.inject(post(`/invoices/${id}/payments`, { transactionId: 'T1', gateway: 'banktransfer', date: '2026-11-28', amount: '10.00' }))
    t.equal(first.statusCode, 201)
    t.same(first.json(), { invoiceId: id, transactionId: 'T1', amount: '10.00' })
    let invoice = (await app.inject(`/invoices/${id}`)).json()
    t.match(invoice, { status: 'Unpaid', balance: '20.00' })
    const creditBefore = (await app.inject('/clients/4/credits')).json().meta.total
    await app.inject(post(`/invoices/${id}/payments`, { transactionId: 'T2', gateway: 'banktransfer', date: '2026-11-28T11:00:00', amount: '25.00' }))
    invoice = (await app.inject(`/invoices/${id}`)).json()
    t.match(invoice, { status: 'Paid', balance: '0.00', datePaid: '2026-11-28T11:00:00' })
    t.same(invoice.transactions.map((x: Json) => x.amountIn), ['10.00', '25.00'])
    const credits = (await app.inject('/clients/4/credits')).json()
    t.equal(credits.meta.total, creditBefore + 1)
    t.match(credits.data.at(-1), { amount: '5.00', invoiceId: id })
    const cancelled = await app.inject(post('/invoices/3/payments', { transactionId: 'T3', gateway: 'paypal', date: '2026-11-28' }))
    t.equal(cancelled.statusCode, 409)
    t.equal(cancelled.json().detail, 'It is not possible to add a payment to an invoice that is Cancelled')
    const missing = await app.inject(post('/invoices/999/payments', { transactionId: 'T4', gateway: 'paypal', date: '2026-11-28' }))
    t.equal(missing.statusCode, 404)
  })

  t.test('a repeated payment with the same key is replayed, not recorded twice', async (t) => {
    const { id } = (await app.inject(post('/invoices', { clientId: 4, items: [{ description: 'Work', amount: '30.00' }] }))).json()
    const request = post(`/invoices/${id}/payments`, { transactionId: 'R1', gateway: 'banktransfer', date: '2026-11-28', amount: '10.00' })
    await app.inject(request)
    const replay = await app.inject(request)
    t.equal(replay.headers['idempotent-replayed'], 'true')
    t.equal((await app.inject(`/invoices/${id}`)).json().transactions.length, 1)
  })

  t.test('POST /invoices/{id}/capture charges the stored card, and declines cards ending 0002', async (t) => {
    const { id } = (await app.inject(post('/invoices', { clientId: 1, items: [{ description: 'Work', amount: '30.00' }] }))).json()
    const ok = await app.inject(post(`/invoices/${id}/capture`, {}))
    t.equal(ok.statusCode, 204)
    t.equal((await app.inject(`/invoices/${id}`)).json().status, 'Paid')
    const again = await app.inject(post(`/invoices/${id}/capture`, {}))
    t.equal(again.statusCode, 409, 'a paid invoice is not charged again')
    const unpaid = (await app.inject(post('/invoices', { clientId: 13, items: [{ description: 'Work', amount: '30.00' }] }))).json()
    const declined = await app.inject(post(`/invoices/${unpaid.id}/capture`, {}))
    t.equal(declined.statusCode, 402)
    t.equal(declined.json().code, 'PAYMENT_DECLINED')
    t.equal(declined.json().title, 'The payment was not taken')
    t.equal(declined.json().detail, 'Payment Attempt Failed')
    t.equal((await app.inject(`/invoices/${unpaid.id}`)).json().status, 'Unpaid')
  })

  t.test('POST /invoices/generate invoices due services once', async (t) => {
    const first = await app.inject(post('/invoices/generate', {}))
    t.equal(first.statusCode, 200)
    t.ok(first.json().created >= 1)
    // Client 1's invoice is paid from her credit, which renews her overdue VPS: the next run bills
    // its next month (her credit no longer covers it), and nothing else.
    const second = await app.inject(post('/invoices/generate', {}))
    t.equal(second.json().created, 1, 'only the period after the one paid')
    const third = await app.inject(post('/invoices/generate', {}))
    t.equal(third.json().created, 0, 'what was invoiced is not invoiced again')
    const unknown = await app.inject(post('/invoices/generate', { clientId: 9999 }))
    t.equal(unknown.statusCode, 404)
  })
})

t.test('POST /invoices/generate sends the items to bill as arrays, and WHMCS bills just those', async (t) => {
  // Two months before the seeded services of clients 2, 6 and 15 are due.
  const { app, sandbox } = await build(t, { sandbox: { now: () => new Date('2026-10-01T09:00:00Z') } })
  const before = (await app.inject('/invoices?clientId=2')).json().meta.total
  const res = await app.inject(post('/invoices/generate', { clientId: 2, serviceIds: [10], domainIds: [6] }))
  t.equal(res.statusCode, 200)
  t.same(res.json(), { created: 2 })
  const fields = sandbox.calls.at(-1)?.fields ?? {}
  t.match(fields, { action: 'GenInvoices', clientid: '2', 'serviceids[0]': '10', 'domainids[0]': '6' })
  t.notOk('serviceids' in fields, 'never as comma-separated text, which WHMCS ignores')
  const page = (await app.inject('/invoices?clientId=2&orderBy=id&order=desc&limit=2')).json()
  t.equal(page.meta.total, before + 2)
  const billed = await Promise.all(page.data.map(async (i: Json) => (await app.inject(`/invoices/${i.id}`)).json()))
  t.same(billed.map((i: Json) => i.items.map((l: Json) => [l.type, l.relId, l.amount])).sort(), [[['Domain', 6, '39.99']], [['Hosting', 10, '9.99']]])
  t.same(billed.map((i: Json) => i.dueDate).sort(), ['2026-12-02', '2027-05-20'], 'each is due when its item is')
  t.same((await app.inject(post('/invoices/generate', { clientId: 2, serviceIds: [10] }))).json(), { created: 0 }, 'not billed twice')
  const empty = await app.inject(post('/invoices/generate', { serviceIds: [] }))
  t.equal(empty.statusCode, 400, 'an empty list would be left out and bill everything')
})

t.test('with inclusive tax (TaxType), the lines hold the tax and the total is their sum', async (t) => {
  const { app } = await build(t, { settings: { configSettingsAllowed: ['TaxType'] } })
  t.equal((await app.inject({ method: 'PUT', url: '/system/configuration/TaxType', payload: { value: 'Inclusive' } })).statusCode, 200)
  const { id } = (await app.inject(post('/invoices', { clientId: 3, taxRate: '20', taxRate2: '5', items: [{ description: 'Taxed', amount: '125.00', taxed: true }, { description: 'Untaxed', amount: '10.00' }] }))).json()
  const invoice = (await app.inject(`/invoices/${id}`)).json()
  // 125.00 holds 25% in all: 100.00 net, 20.00 and 5.00 tax.
  t.match(invoice, { subtotal: '110.00', tax: '20.00', tax2: '5.00', total: '135.00', balance: '135.00' })
  // A quote for Zoë (Great Britain, 20% VAT) is priced the same way.
  const quote = (await app.inject(post('/quotes', { subject: 'Support', stage: 'Draft', validUntil: '2026-12-31', clientId: 1, items: [{ description: 'Support plan', unitPrice: '120.00', taxable: true }, { description: 'Audit', unitPrice: '30.00' }] }))).json()
  t.match((await app.inject(`/quotes/${quote.id}`)).json(), { subtotal: '130.00', tax1: '20.00', tax2: '0.00', total: '150.00' })
})
