import { Writable } from 'node:stream'
import t from 'tap'
import { keyedRequest as post } from '../support/fixtures.js'
import { build } from '../support/helper.js'

t.test('credits', async (t) => {
  const { app } = await build(t)
  const log = (await app.inject('/clients/1/credits')).json()
  t.match(log.data[0], { amount: '25.00', invoiceId: null })
  const added = await app.inject(post('/clients/1/credits', { amount: '10.10', description: 'Goodwill' }))
  t.equal(added.statusCode, 201)
  t.same(added.json(), { clientId: 1, balance: '35.10' })
  const removed = await app.inject(post('/clients/1/credits', { type: 'remove', amount: '0.10', description: 'Correction' }))
  t.same(removed.json(), { clientId: 1, balance: '35.00' })
  t.equal((await app.inject('/clients/1')).json().credit, '35.00')
  t.equal((await app.inject(post('/clients/999/credits', { amount: '1.00', description: 'x' }))).statusCode, 404)
  t.equal((await app.inject('/clients/999/credits')).statusCode, 404)
  t.equal((await app.inject(post('/clients/1/credits', { amount: '-1.00', description: 'x' }))).statusCode, 400)
})

t.test('pay methods', async (t) => {
  const { app } = await build(t)
  const list = (await app.inject('/clients/1/pay-methods')).json()
  t.match(list.data, [{ type: 'RemoteCreditCard', cardLastFour: '4242', gateway: 'stripe' }])
  const res = await app.inject(post('/clients/3/pay-methods', { type: 'RemoteCreditCard', gateway: 'stripe', cardNumber: '5555 5555 5555 4444', cardExpiry: '12/29' }))
  t.equal(res.statusCode, 201)
  t.same(res.json(), { id: res.json().id, clientId: 3 })
  t.notMatch(res.body, /5555/)
  const after = (await app.inject('/clients/3/pay-methods')).json()
  t.match(after.data, [{ cardLastFour: '4444', cardType: 'MasterCard', expiryDate: '12/29' }])
  t.notMatch(JSON.stringify(after), /55555555/)
  t.equal((await app.inject(post('/clients/3/pay-methods', { type: 'RemoteCreditCard', cardNumber: '4242424242424242', cardExpiry: '12/29' }))).statusCode, 422, 'a tokenised card needs a gateway')
  t.equal((await app.inject(post('/clients/999/pay-methods', { type: 'CreditCard', cardNumber: '4242424242424242', cardExpiry: '12/29' }))).statusCode, 404)
  t.equal((await app.inject('/clients/999/pay-methods')).statusCode, 404)
})

t.test('card and bank details never reach the log', async (t) => {
  const chunks: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done() } })
  const { app, sandbox } = await build(t, { logStream })
  const card = '4000056655665556'
  const account = '31926819'
  const res = await app.inject(post('/clients/3/pay-methods', { type: 'CreditCard', cardNumber: card, cardExpiry: '0829', description: 'Log check' }))
  t.equal(res.statusCode, 201)
  t.notOk(res.body.includes(card), 'the answer does not echo the card number')
  await app.inject(post('/clients/3/pay-methods', { type: 'BankAccount', bankName: 'Log Bank', bankCode: '021000021', bankAccount: account }))
  // An invalid body, which the validation problem would quote if it could.
  await app.inject(post('/clients/3/pay-methods', { type: 'CreditCard', cardNumber: card, cardExpiry: '13/29' }))
  t.match(sandbox.calls.find((c) => c.fields.action === 'AddPayMethod')?.fields, { card_number: card }, 'the card number went to WHMCS')
  const log = chunks.join('')
  t.ok(log.includes('/clients/3/pay-methods'), 'the requests were logged')
  t.notOk(log.includes(card), 'no card number in the log')
  t.notOk(log.includes(account), 'no bank account number in the log')
  const listed = await app.inject('/clients/3/pay-methods')
  t.notOk(listed.body.includes(card.slice(0, 12)), 'only the last four digits are answered')
})
