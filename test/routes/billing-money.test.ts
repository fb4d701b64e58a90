// Property: whatever the lines, tax rates, credit and payments, no cent is lost. Amounts are
// compared as integer cents parsed from the decimal strings, never through a float.
import fc from 'fast-check'
import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, any>

const cents = (amount: string): bigint => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(amount)
  if (m === null) throw new Error(`not a two-place decimal: ${amount}`)
  const value = BigInt(m[2]) * 100n + BigInt(m[3])
  return m[1] === '-' ? -value : value
}
const decimal = (value: bigint): string => {
  const abs = value < 0n ? -value : value
  return `${value < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

let keys = 0
const write = (method: 'POST', url: string, payload: unknown) =>
  ({ method, url, headers: { 'idempotency-key': `money-${process.pid}-${++keys}` }, payload: payload as Json })

t.test('payments and credit add up to the total of a paid invoice', async (t) => {
  const { app } = await build(t)
  const line = fc.record({ cents: fc.integer({ min: -5_000, max: 2_000_000 }), taxed: fc.boolean() })
  await fc.assert(fc.asyncProperty(
    // The first line outweighs any discounts, so that the invoice has something to pay.
    fc.tuple(fc.record({ cents: fc.integer({ min: 25_001, max: 2_000_000 }), taxed: fc.boolean() }), fc.array(line, { maxLength: 5 })).map(([first, rest]) => [first, ...rest]),
    fc.integer({ min: 0, max: 2500 }), fc.integer({ min: 0, max: 1000 }),
    fc.boolean(),
    fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 5 }),
    async (lines, rate, rate2, applyCredit, payments) => {
      // Client 13 starts with credit, so that applying it is exercised too.
      const created = await app.inject(write('POST', '/invoices', {
        clientId: 13,
        applyCredit,
        taxRate: decimal(BigInt(rate)),
        taxRate2: decimal(BigInt(rate2)),
        items: lines.map((l, i) => ({ description: `Line ${i + 1}`, amount: decimal(BigInt(l.cents)), taxed: l.taxed }))
      }))
      if (created.statusCode !== 201) throw new Error(created.body)
      const id: number = created.json().id
      let invoice: Json = (await app.inject(`/invoices/${id}`)).json()
      const subtotal = lines.reduce((sum, l) => sum + BigInt(l.cents), 0n)
      if (cents(invoice.subtotal) !== subtotal) return false
      if (cents(invoice.total) !== subtotal + cents(invoice.tax) + cents(invoice.tax2)) return false
      let overpaid = 0n
      for (const p of payments) {
        if (invoice.status !== 'Unpaid') break
        const balance = cents(invoice.balance)
        if (BigInt(p) > balance) overpaid += BigInt(p) - balance
        const res = await app.inject(write('POST', `/invoices/${id}/payments`, { transactionId: `P${keys}`, gateway: 'banktransfer', date: '2026-11-28', amount: decimal(BigInt(p)) }))
        if (res.statusCode !== 201) throw new Error(res.body)
        invoice = (await app.inject(`/invoices/${id}`)).json()
      }
      const paid = invoice.transactions.reduce((sum: bigint, x: Json) => sum + cents(x.amountIn), 0n)
      const total = cents(invoice.total)
      const credit = cents(invoice.credit)
      if (invoice.status === 'Paid') return paid - overpaid + credit === total && cents(invoice.balance) === 0n
      // Still unpaid: what was paid and credited plus the balance is the total.
      return invoice.status === 'Unpaid' && paid + credit + cents(invoice.balance) === total
    }), { numRuns: 40 })
  t.pass('no cent lost')
})
