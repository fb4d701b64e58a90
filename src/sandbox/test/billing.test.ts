// The sandbox's invoicing run (GenInvoices) and quote pricing (CreateQuote, GetQuotes), spoken to
// over HTTP as WHMCS is. Money is compared as integer cents parsed from the decimal strings.
import t from 'tap'
import type { Sandbox } from '../index.js'
import { api, start, type JsonBody } from './fixtures/helpers.js'

/** The seeded services, addons and domains are due around this day. */
const TODAY = '2026-11-28'
const at = (day: string) => () => new Date(`${day}T09:00:00Z`)

/** '12.34' (or '-1.00') as integer cents; fails on anything that is not a two-place decimal. */
function cents (amount: unknown): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(String(amount))
  if (m === null) throw new Error(`not a two-place decimal: ${String(amount)}`)
  const value = Number(m[2]) * 100 + Number(m[3])
  return m[1] === '-' ? -value : value
}

interface Line { type: string, relid: number, amount: string, taxed: number, description: string }
interface Invoice { invoiceid: number, userid: number, status: string, duedate: string, paymentmethod: string, subtotal: string, credit: string, tax: string, tax2: string, total: string, balance: string, taxrate: string, taxrate2: string, items: { item: Line[] } }

async function invoice (sb: Sandbox, id: unknown): Promise<Invoice> {
  return (await api(sb, 'GetInvoice', { invoiceid: String(id) })).body as unknown as Invoice
}

/** The invoices with ids above `after`, oldest first. */
async function invoicesAfter (sb: Sandbox, after: number): Promise<Invoice[]> {
  const page = (await api(sb, 'GetInvoices', { limitnum: '1000' })).body as { invoices: { invoice: Array<{ id: number }> } }
  return Promise.all(page.invoices.invoice.filter(i => i.id > after).sort((a, b) => a.id - b.id).map(async i => invoice(sb, i.id)))
}

async function lastInvoiceId (sb: Sandbox): Promise<number> {
  const page = (await api(sb, 'GetInvoices', { orderby: 'id', order: 'desc', limitnum: '1' })).body as { invoices: { invoice: Array<{ id: number }> } }
  return page.invoices.invoice[0].id
}

const lines = (inv: Invoice): Array<[string, number]> => inv.items.item.map(l => [l.type, l.relid])

async function gen (sb: Sandbox, fields: Record<string, string> = {}): Promise<JsonBody> {
  return (await api(sb, 'GenInvoices', fields)).body
}

async function setting (sb: Sandbox, name: string, value: string): Promise<void> {
  const { body } = await api(sb, 'SetConfigurationValue', { setting: name, value })
  if (body.result !== 'success') throw new Error(JSON.stringify(body))
}

/**
 * An order placed without an invoice, so that its items wait for the invoicing run: client 29
 * (Oliver Taylor: GB, pays in GBP, no credit) takes Business hosting with Daily Backups and
 * registers the domain for it.
 */
async function uninvoicedOrder (sb: Sandbox, clientId = '29', domain = 'taylorsbakery.co.uk'): Promise<{ serviceId: number, addonId: number, domainId: number }> {
  const { body } = await api(sb, 'AddOrder', {
    clientid: clientId,
    paymentmethod: 'banktransfer',
    noinvoice: '1',
    'pid[0]': '2',
    'domain[0]': domain,
    'billingcycle[0]': 'monthly',
    'addons[0]': '1',
    'domaintype[0]': 'register',
    'regperiod[0]': '1'
  })
  if (body.result !== 'success') throw new Error(JSON.stringify(body))
  return { serviceId: Number(body.serviceids), addonId: Number(body.addonids), domainId: Number(body.domainids) }
}

// ---------------------------------------------------------------- GenInvoices

t.test('GenInvoices bills what is due once, a client\'s lines of one due date and gateway on one invoice', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const before = await lastInvoiceId(sb)
  const first = await gen(sb)
  t.match(first, { result: 'success', numcreated: '9' })
  t.notOk('latestinvoiceid' in first, 'only a run for one client names its last invoice')
  const created = await invoicesAfter(sb, before)
  t.equal(created.length, 9)
  // Earliest due date first; overdue items are billed for the period they are overdue for.
  t.same(created.map(i => i.duedate), [...created.map(i => i.duedate)].sort())
  t.ok(created.every(i => i.status !== 'Draft' && i.items.item.length > 0))

  // Liam (client 6): the addon of his paid order, its service, the domain, and two staff-made
  // services due on 2026-12-02 (one of them Suspended), which share an invoice.
  const liam = created.filter(i => i.userid === 6)
  t.same(liam.map(lines), [[['Addon', 1]], [['Hosting', 2]], [['Domain', 2]], [['Hosting', 12], ['Hosting', 11]]])
  t.same(liam.map(i => [i.duedate, i.paymentmethod]), [['2023-03-10', 'stripe'], ['2024-02-10', 'stripe'], ['2025-02-10', 'stripe'], ['2026-12-02', 'paypal']])
  const shared = liam[3]
  t.same(shared.items.item.map(l => cents(l.amount)), [1200, 499])
  t.equal(cents(shared.total), 1699, 'no tax rule for New York')
  t.match(liam[2].items.item[0], { amount: '25.98', taxed: 1, description: /^Domain Renewal - liamjohnson\.com - 2 Year\/s \(10\/02\/2025 - 09\/02\/2027\)$/ })
  t.match(liam[0].items.item[0], { amount: '2.00', description: /^Daily Backups - liamjohnson\.com \(10\/03\/2023 - 09\/04\/2023\)$/ })

  // A Pending service made by staff (never invoiced) is billed its first payment; one still on
  // its order's unpaid invoice is not billed again; nor is a Cancelled or Fraud one.
  t.same(created.filter(i => i.userid === 2).map(lines), [[['Hosting', 9]], [['Hosting', 10]]])
  const billed = created.flatMap(i => i.items.item.map(l => `${l.type} ${l.relid}`))
  for (const item of ['Hosting 3', 'Hosting 5', 'Hosting 6', 'Hosting 7', 'Hosting 8', 'DomainRegister 4', 'Domain 6', 'Domain 8']) t.notOk(billed.includes(item), `${item} is not billed`)

  // Zoë's (client 1) invoice was paid from her credit, which renewed her VPS: its next month is
  // due, and overdue, so the next run bills it; nothing else is billed again.
  const zoe = created.find(i => i.userid === 1)
  t.match(zoe, { status: 'Paid', duedate: '2023-06-20' })
  const second = await gen(sb)
  t.match(second, { numcreated: '1' })
  const renewed = await invoicesAfter(sb, before + 9)
  t.same(renewed.map(lines), [[['Hosting', zoe?.items.item[0].relid]]])
  t.match(renewed[0], { userid: 1, duedate: '2023-07-20', status: 'Unpaid' })
  t.match(await gen(sb), { numcreated: '0' }, 'what was billed is not billed again')
  t.equal(await lastInvoiceId(sb), before + 10)
})

t.test('GenInvoices looks as far ahead as the install\'s invoice generation days', async t => {
  const sb = await start(t, { now: at('2026-11-10') })
  const before = await lastInvoiceId(sb)
  const billed = async (): Promise<string[]> => (await invoicesAfter(sb, before)).flatMap(i => i.items.item.map(l => `${l.type} ${l.relid}`))
  await gen(sb)
  t.notOk((await billed()).includes('Hosting 10'), 'due 2026-12-02: 22 days ahead, beyond 14')
  await setting(sb, 'CreateInvoiceDaysBefore', '30')
  await setting(sb, 'CreateDomainInvoiceDaysBefore', '70')
  await gen(sb)
  const now = await billed()
  t.ok(['Hosting 10', 'Hosting 11', 'Hosting 12', 'Hosting 13'].every(item => now.includes(item)), 'within 30 days')
  t.ok(now.includes('Domain 8'), 'the domain due 2027-01-15 is within the domains\' 70 days')
  t.notOk(now.includes('Domain 6'), 'the one due 2027-05-20 is not')

  // A cycle's own setting wins over the general one.
  const sb2 = await start(t, { now: at('2026-11-10') })
  const before2 = await lastInvoiceId(sb2)
  await setting(sb2, 'CreateInvoiceDaysBeforeMonthly', '30')
  await gen(sb2)
  t.ok((await invoicesAfter(sb2, before2)).some(i => i.items.item.some(l => l.type === 'Hosting' && l.relid === 10)))
})

t.test('GenInvoices for one client answers its last invoice, and refuses an unknown client', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const before = await lastInvoiceId(sb)
  const run = await gen(sb, { clientid: '2' })
  t.match(run, { result: 'success', numcreated: '2', latestinvoiceid: before + 2 })
  t.ok((await invoicesAfter(sb, before)).every(i => i.userid === 2))
  t.match(await gen(sb, { clientid: '2' }), { numcreated: '0', latestinvoiceid: 0 })
  t.same(await gen(sb, { clientid: '9999' }), { result: 'error', message: 'Client ID Not Found' })
})

t.test('GenInvoices with named items bills just those, due or not', async t => {
  // Two months before anything staff-made is due.
  const sb = await start(t, { now: at('2026-10-01') })
  const before = await lastInvoiceId(sb)
  const run = await gen(sb, { 'serviceids[0]': '10', 'domainids[0]': '6', 'addonids[0]': '1' })
  t.match(run, { numcreated: '3' })
  const created = await invoicesAfter(sb, before)
  t.same(created.map(lines), [[['Addon', 1]], [['Hosting', 10]], [['Domain', 6]]], 'nothing else, however overdue')
  t.match(created[1].items.item[0], { amount: '9.99', description: /\(02\/12\/2026 - 01\/01\/2027\)$/ })
  t.match(created[2], { userid: 2, duedate: '2027-05-20', tax: '0.00' })
  t.match(created[2].items.item[0], { amount: '39.99', description: /^Domain Renewal - angstrom-lab\.io - 1 Year\/s/ })
  // Billed early, they are not billed again when they fall due.
  t.match(await gen(sb, { 'serviceids[0]': '10' }), { numcreated: '0' })

  // With a client, only that client's named items.
  t.match(await gen(sb, { clientid: '15', 'serviceids[0]': '12', 'serviceids[1]': '13' }), { numcreated: '1' })
  t.same((await invoicesAfter(sb, before + 3)).map(lines), [[['Hosting', 13]]])

  // A comma-separated list is not an array: WHMCS ignores it and runs for everything due.
  const sb2 = await start(t, { now: at('2026-10-01') })
  const before2 = await lastInvoiceId(sb2)
  const plain = await gen(sb2, { serviceids: '10' })
  const billed = (await invoicesAfter(sb2, before2)).flatMap(i => i.items.item.map(l => `${l.type} ${l.relid}`))
  t.notOk(billed.includes('Hosting 10'), 'service 10 is not due yet')
  t.ok(billed.includes('Hosting 1'), 'the overdue ones are billed')
  const sb3 = await start(t, { now: at('2026-10-01') })
  t.same(await gen(sb3), plain, 'as a run without it')
})

t.test('GenInvoices bills a new order\'s hosting, addon and domain on one invoice, taxed in the client\'s currency', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const { serviceId, addonId, domainId } = await uninvoicedOrder(sb)
  const run = await gen(sb, { clientid: '29' })
  t.match(run, { numcreated: '1' })
  const inv = await invoice(sb, run.latestinvoiceid)
  t.match(inv, { userid: 29, status: 'Unpaid', duedate: TODAY, paymentmethod: 'banktransfer', taxrate: '20.000', taxrate2: '0.000' })
  t.same(lines(inv), [['Hosting', serviceId], ['Addon', addonId], ['DomainRegister', domainId]])
  // GBP prices: Business 7.99 a month with its 4.00 setup fee, Daily Backups 1.60, a .co.uk 6.29.
  t.same(inv.items.item.map(l => [cents(l.amount), l.taxed]), [[1199, 1], [160, 1], [629, 1]])
  t.match(inv.items.item[0].description, /^Shared Hosting - Business - taylorsbakery\.co\.uk \(28\/11\/2026 - 27\/12\/2026\)$/)
  t.match(inv.items.item[2].description, /^Domain Registration - taylorsbakery\.co\.uk - 1 Year\/s/)
  // 20% VAT on 19.88, rounded half up to the cent.
  t.equal(cents(inv.subtotal), 1988)
  t.equal(cents(inv.tax), 398)
  t.equal(cents(inv.tax2), 0)
  t.equal(cents(inv.total), 1988 + 398)
  t.equal(cents(inv.balance), cents(inv.total))
  const summary = (await api(sb, 'GetInvoices', { userid: '29' })).body as { invoices: { invoice: Array<{ currencycode: string }> } }
  t.equal(summary.invoices.invoice[0].currencycode, 'GBP')
  t.match(await gen(sb, { clientid: '29' }), { numcreated: '0' })
})

t.test('GenInvoices gives a client set to separate invoices one invoice per item', async t => {
  const sb = await start(t, { now: at(TODAY) })
  await setting(sb, 'NoAutoApplyCredit', 'on')
  // Margaret (client 5) wants separate invoices.
  const { serviceId, addonId, domainId } = await uninvoicedOrder(sb, '5', 'smithandsons-shop.co.uk')
  const before = await lastInvoiceId(sb)
  t.match(await gen(sb, { clientid: '5' }), { numcreated: '3' })
  t.same((await invoicesAfter(sb, before)).map(lines), [[['Hosting', serviceId]], [['Addon', addonId]], [['DomainRegister', domainId]]])

  // Named items share an invoice all the same.
  const sb2 = await start(t, { now: at(TODAY) })
  const order = await uninvoicedOrder(sb2, '5', 'smithandsons-shop.co.uk')
  const before2 = await lastInvoiceId(sb2)
  t.match(await gen(sb2, { 'serviceids[0]': String(order.serviceId), 'addonids[0]': String(order.addonId) }), { numcreated: '1' })
  t.same((await invoicesAfter(sb2, before2)).map(lines), [[['Hosting', order.serviceId], ['Addon', order.addonId]]])
})

t.test('GenInvoices pays a new invoice from the client\'s credit, unless the install says not to', async t => {
  const sb = await start(t, { now: at(TODAY) })
  // Zoë (client 1, GB) has 25.00 credit; her VPS has been due since 2023-06-20: 15.90 and 20% VAT.
  const run = await gen(sb, { clientid: '1' })
  const inv = await invoice(sb, run.latestinvoiceid)
  t.match(inv, { status: 'Paid', tax: '3.18', total: '19.08', credit: '19.08', balance: '0.00' })
  const client = (await api(sb, 'GetClientsDetails', { clientid: '1' })).body as { client: { credit: string } }
  t.equal(cents(client.client.credit), 2500 - 1908)

  const sb2 = await start(t, { now: at(TODAY) })
  await setting(sb2, 'NoAutoApplyCredit', 'on')
  const kept = await invoice(sb2, (await gen(sb2, { clientid: '1' })).latestinvoiceid)
  t.match(kept, { status: 'Unpaid', credit: '0.00', balance: '19.08' })
})

t.test('with continuous invoice generation, the next invoice date moves on and the next period is billed in its turn', async t => {
  let today = TODAY
  const sb = await start(t, { now: () => new Date(`${today}T09:00:00Z`) })
  const { serviceId } = await uninvoicedOrder(sb)
  const billedFor = async (): Promise<string[]> => {
    const page = (await api(sb, 'GetInvoices', { userid: '29', limitnum: '100' })).body as { invoices?: { invoice: Array<{ id: number }> } }
    const all = await Promise.all((page.invoices?.invoice ?? []).map(async i => invoice(sb, i.id)))
    return all.flatMap(i => i.items.item.filter(l => l.type === 'Hosting' && l.relid === serviceId).map(() => i.duedate)).sort()
  }
  t.match(await gen(sb, { clientid: '29' }), { numcreated: '1' })
  // Three weeks on, the next month is within 14 days; unpaid, the service is not billed again.
  today = '2026-12-20'
  t.match(await gen(sb, { clientid: '29' }), { numcreated: '0' })
  t.same(await billedFor(), [TODAY])

  today = TODAY
  const sb2 = await start(t, { now: () => new Date(`${today}T09:00:00Z`) })
  await setting(sb2, 'ContinuousInvoiceGeneration', 'on')
  const order = await uninvoicedOrder(sb2)
  t.match(await gen(sb2, { clientid: '29' }), { numcreated: '1' })
  t.match(await gen(sb2, { clientid: '29' }), { numcreated: '0' }, 'the next period is not due yet')
  today = '2026-12-20'
  const next = await gen(sb2, { clientid: '29' })
  t.match(next, { numcreated: '1' }, 'billed for the next month although the first is unpaid')
  const inv = await invoice(sb2, next.latestinvoiceid)
  t.match(inv, { duedate: '2026-12-28' })
  // The next month is charged the recurring price, not the first payment; the addon follows.
  t.same(inv.items.item.map(l => [l.type, l.relid, cents(l.amount)]), [['Hosting', order.serviceId, 799], ['Addon', order.addonId, 160]])
  t.match(await gen(sb2, { clientid: '29' }), { numcreated: '0' })
})

// ---------------------------------------------------------------- paying renews what an invoice bills

async function pay (sb: Sandbox, invoiceId: unknown, fields: Record<string, string> = {}): Promise<void> {
  const { body } = await api(sb, 'AddInvoicePayment', { invoiceid: String(invoiceId), transid: `T${String(invoiceId)}`, gateway: 'banktransfer', ...fields })
  if (body.result !== 'success') throw new Error(JSON.stringify(body))
}

async function serviceDue (sb: Sandbox, serviceId: number): Promise<string> {
  const { body } = await api(sb, 'GetClientsProducts', { serviceid: String(serviceId) })
  return (body as { products: { product: Array<{ nextduedate: string }> } }).products.product[0].nextduedate
}

async function domainDates (sb: Sandbox, domainId: number): Promise<{ nextduedate: string, expirydate: string }> {
  const { body } = await api(sb, 'GetClientsDomains', { domainid: String(domainId) })
  const { nextduedate, expirydate } = (body as { domains: { domain: Array<{ nextduedate: string, expirydate: string }> } }).domains.domain[0]
  return { nextduedate, expirydate }
}

t.test('a paid invoice moves what it bills on by a period, and the next run bills the period after', async t => {
  let today = TODAY
  const sb = await start(t, { now: () => new Date(`${today}T09:00:00Z`) })
  const { serviceId, addonId, domainId } = await uninvoicedOrder(sb)
  const first = await gen(sb, { clientid: '29' })
  t.equal(await serviceDue(sb, serviceId), TODAY, 'billed, not yet paid')
  await pay(sb, first.latestinvoiceid)
  t.match(await invoice(sb, first.latestinvoiceid), { status: 'Paid' })
  t.equal(await serviceDue(sb, serviceId), '2026-12-28', 'a month on')
  // The registration paid for, the domain is due a year on; it expires once it is registered.
  t.same(await domainDates(sb, domainId), { nextduedate: '2027-11-28', expirydate: '0000-00-00' })

  // Paying the invoice again (an overpayment, kept as credit) does not move anything twice.
  await pay(sb, first.latestinvoiceid, { amount: '1.00' })
  t.equal(await serviceDue(sb, serviceId), '2026-12-28')
  t.equal((await domainDates(sb, domainId)).nextduedate, '2027-11-28')

  t.match(await gen(sb, { clientid: '29' }), { numcreated: '0' }, 'the next month is not due yet')
  today = '2026-12-20'
  const next = await gen(sb, { clientid: '29' })
  t.match(next, { numcreated: '1' })
  const inv = await invoice(sb, next.latestinvoiceid)
  t.match(inv, { duedate: '2026-12-28', status: 'Unpaid' })
  t.same(inv.items.item.map(l => [l.type, l.relid, cents(l.amount)]), [['Hosting', serviceId, 799], ['Addon', addonId, 160]], 'the recurring prices, no setup fee')
  t.match(inv.items.item[0].description, /\(28\/12\/2026 - 27\/01\/2027\)$/)
})

t.test('a line whose item is no longer due on the date it billed does not move the item', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const { serviceId } = await uninvoicedOrder(sb)
  const run = await gen(sb, { clientid: '29' })
  // Staff move the service's due date before the invoice is paid.
  t.match((await api(sb, 'UpdateClientProduct', { serviceid: String(serviceId), nextduedate: '2027-01-05' })).body, { result: 'success' })
  await pay(sb, run.latestinvoiceid)
  t.equal(await serviceDue(sb, serviceId), '2027-01-05', 'left where staff put it')

  // Paid, reopened and marked Paid again, an invoice renews nothing a second time.
  const sb2 = await start(t, { now: at(TODAY) })
  const order = await uninvoicedOrder(sb2)
  const id = String((await gen(sb2, { clientid: '29' })).latestinvoiceid)
  await pay(sb2, id)
  t.equal(await serviceDue(sb2, order.serviceId), '2026-12-28')
  t.match((await api(sb2, 'UpdateInvoice', { invoiceid: id, status: 'Unpaid' })).body, { result: 'success' })
  t.match((await api(sb2, 'UpdateInvoice', { invoiceid: id, status: 'Paid' })).body, { result: 'success' })
  t.equal(await serviceDue(sb2, order.serviceId), '2026-12-28')
})

t.test('a paid domain renewal moves the due date and the expiry on by the domain\'s period', async t => {
  const sb = await start(t, { now: at(TODAY) })
  // Liam's liamjohnson.com (domain 2) is registered for 2 years and due since 2025-02-10.
  t.same(await domainDates(sb, 2), { nextduedate: '2025-02-10', expirydate: '2025-02-10' })
  const run = await gen(sb, { clientid: '6', 'domainids[0]': '2' })
  const inv = await invoice(sb, run.latestinvoiceid)
  t.same(lines(inv), [['Domain', 2]])
  // Marked Paid by staff, as a payment would.
  t.match((await api(sb, 'UpdateInvoice', { invoiceid: String(inv.invoiceid), status: 'Paid' })).body, { result: 'success' })
  t.same(await domainDates(sb, 2), { nextduedate: '2027-02-10', expirydate: '2027-02-10' })
  t.match(await gen(sb, { 'domainids[0]': '2' }), { numcreated: '1' }, 'named, the next term is billed')
  t.match(await invoice(sb, (await lastInvoiceId(sb))), { duedate: '2027-02-10' })

  // Renewed through an order: its invoice bills the term due, so the invoicing run does not bill
  // it again, and paying it renews the domain the same way.
  const sb2 = await start(t, { now: at(TODAY) })
  const { body: order } = await api(sb2, 'AddOrder', { clientid: '6', paymentmethod: 'stripe', 'domainrenewals[liamjohnson.com]': '2' })
  t.match(order, { result: 'success' })
  const before = await lastInvoiceId(sb2)
  await gen(sb2, { clientid: '6' })
  t.notOk((await invoicesAfter(sb2, before)).some(i => i.items.item.some(l => l.type === 'Domain' && l.relid === 2)), 'the run leaves the ordered renewal alone')
  await pay(sb2, order.invoiceid)
  t.same(await domainDates(sb2, 2), { nextduedate: '2027-02-10', expirydate: '2027-02-10' })
})

t.test('a new order\'s paid invoice moves its items on from the order date; one-time and free items stay', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const { body: order } = await api(sb, 'AddOrder', {
    clientid: '29', paymentmethod: 'banktransfer', 'pid[0]': '2', 'domain[0]': 'taylorsbakery.co.uk', 'billingcycle[0]': 'annually'
  })
  const serviceId = Number(order.serviceids)
  t.equal(await serviceDue(sb, serviceId), TODAY)
  await pay(sb, order.invoiceid)
  t.equal(await serviceDue(sb, serviceId), '2027-11-28', 'a year on')
  t.match((await api(sb, 'AcceptOrder', { orderid: String(order.orderid) })).body, { result: 'success' })
  t.equal(await serviceDue(sb, serviceId), '2027-11-28', 'accepting it changes nothing')
  t.match(await gen(sb, { clientid: '29' }), { numcreated: '0' }, 'paid for, it is not billed again')

  // Margaret's (client 5) seeded order waits for payment: a one-time migration, a free parked
  // domain's hosting and a two-year registration. Her Mastercard pays it.
  const unpaid = (await api(sb, 'GetInvoices', { userid: '5', status: 'Unpaid' })).body as { invoices: { invoice: Array<{ id: number }> } }
  const margaret = await invoice(sb, unpaid.invoices.invoice[0].id)
  const byType = (type: string): number[] => margaret.items.item.filter(l => l.type === type).map(l => l.relid)
  const [onetime, free] = byType('Hosting')
  const [registration] = byType('DomainRegister')
  const due = (await serviceDue(sb, onetime))
  t.match((await api(sb, 'CapturePayment', { invoiceid: String(margaret.invoiceid) })).body, { result: 'success' })
  t.match(await invoice(sb, margaret.invoiceid), { status: 'Paid' })
  t.equal(await serviceDue(sb, onetime), due, 'one-time: no next period')
  t.equal(await serviceDue(sb, free), '0000-00-00', 'free: never due')
  t.same(await domainDates(sb, registration), { nextduedate: '2026-06-18', expirydate: '0000-00-00' }, 'two years on from the order')
})

// ---------------------------------------------------------------- quotes

interface Quote { id: number, subtotal: string, tax1: string, tax2: string, total: string, state: string, country: string }

async function quote (sb: Sandbox, fields: Record<string, string>): Promise<Quote> {
  const created = (await api(sb, 'CreateQuote', { subject: 'Offer', stage: 'Draft', validuntil: '31/12/2026', ...fields })).body
  if (created.result !== 'success') throw new Error(JSON.stringify(created))
  const found = (await api(sb, 'GetQuotes', { quoteid: String(created.quoteid) })).body as { quotes: { quote: Quote[] } }
  return found.quotes.quote[0]
}

/** Three mailboxes at 12.50 (taxable) and a setup at 100.00 less 10% (not taxable). */
const LINES = {
  'lineitems[0][desc]': 'Mailbox',
  'lineitems[0][qty]': '3',
  'lineitems[0][up]': '12.50',
  'lineitems[0][taxable]': '1',
  'lineitems[1][desc]': 'Setup',
  'lineitems[1][qty]': '1',
  'lineitems[1][up]': '100.00',
  'lineitems[1][discount]': '10',
  'lineitems[1][taxable]': '0'
}

t.test('a quote is taxed on its taxable lines at the rates where its client lives, on top of them', async t => {
  const sb = await start(t, { now: at(TODAY) })
  // Client 29 lives in Great Britain: 20% VAT.
  const q = await quote(sb, { userid: '29', ...LINES })
  t.equal(cents(q.subtotal), 3750 + 9000)
  t.equal(cents(q.tax1), 750)
  t.equal(cents(q.tax2), 0)
  t.equal(cents(q.total), 3750 + 9000 + 750)

  // A prospect is taxed where the quote says they live: GST and British Columbia's PST.
  const bc = await quote(sb, { firstname: 'Ada', lastname: 'Byron', email: 'ada@example.ca', state: 'BC', country: 'CA', ...LINES })
  t.match(bc, { state: 'BC', country: 'CA' })
  t.same([cents(bc.tax1), cents(bc.tax2), cents(bc.total)], [188, 263, 12750 + 188 + 263], '5% and 7% of 37.50, each rounded half up')
  const ontario = await quote(sb, { firstname: 'Ada', lastname: 'Byron', state: 'ON', country: 'CA', ...LINES })
  t.same([cents(ontario.tax1), cents(ontario.tax2)], [188, 0], 'no PST outside British Columbia')

  // No tax for a tax-exempt client (Anders, Sweden) or where there is no rule (Liam, New York).
  for (const userid of ['2', '6']) {
    const none = await quote(sb, { userid, ...LINES })
    t.same([cents(none.tax1), cents(none.tax2), cents(none.total)], [0, 0, 12750], `client ${userid}`)
  }

  // The seeded quotes are priced the same way: Margaret's (GB) 435.00 carries 87.00 VAT.
  const seeded = (await api(sb, 'GetQuotes', { quoteid: '1' })).body as { quotes: { quote: Quote[] } }
  t.same(['subtotal', 'tax1', 'tax2', 'total'].map(k => cents(seeded.quotes.quote[0][k as keyof Quote])), [43500, 8700, 0, 52200])
})

t.test('with inclusive tax the taxable lines hold the tax, and the total is the lines\' sum', async t => {
  const sb = await start(t, { now: at(TODAY) })
  await setting(sb, 'TaxType', 'Inclusive')
  const q = await quote(sb, { userid: '29', ...LINES })
  // 37.50 holds 20%: 31.25 net and 6.25 VAT.
  t.equal(cents(q.total), 12750)
  t.equal(cents(q.tax1), 625)
  t.equal(cents(q.tax2), 0)
  t.equal(cents(q.subtotal), 12750 - 625)

  // A quote keeps the terms it was priced with.
  await setting(sb, 'TaxType', 'Exclusive')
  const again = (await api(sb, 'GetQuotes', { quoteid: String(q.id) })).body as { quotes: { quote: Quote[] } }
  t.same(again.quotes.quote[0], q)

  // Tax switched off in the install: no tax.
  await setting(sb, 'TaxEnabled', '')
  const off = await quote(sb, { userid: '29', ...LINES })
  t.same([cents(off.tax1), cents(off.total)], [0, 12750])
})

t.test('CreateInvoice taxes at the client\'s rates unless the call gives its own', async t => {
  const sb = await start(t, { now: at(TODAY) })
  const make = async (fields: Record<string, string>): Promise<Invoice> => {
    const { body } = await api(sb, 'CreateInvoice', { userid: '29', itemdescription1: 'Work', itemamount1: '100.00', itemtaxed1: '1', ...fields })
    return invoice(sb, body.invoiceid)
  }
  t.match(await make({}), { taxrate: '20.000', tax: '20.00', total: '120.00' })
  t.match(await make({ taxrate: '5' }), { taxrate: '5.000', tax: '5.00', total: '105.00' })
})
