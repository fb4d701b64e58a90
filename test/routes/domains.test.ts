import t from 'tap'
import { fixedWhmcs, keyedRequest as post } from '../support/fixtures.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('GET /clients/{id}/domains and /domains/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers a page of the client\'s domains, typed', async (t) => {
    const res = await app.inject('/clients/2/domains')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.data.map((d) => d.domain), ['angstrom-fysik.com', 'angstrom-lab.io', 'angstrom.co.uk'])
    t.same(page.meta, { total: 3, offset: 0, limit: 25 })
    t.match(page.data[1], {
      id: 6,
      clientId: 2,
      orderId: null,
      type: 'Register',
      status: 'Active',
      registrar: 'openprovider',
      period: 1,
      registrationDate: '2023-05-20',
      expiryDate: '2027-05-20',
      recurringAmount: '39.99',
      dnsManagement: false
    })
    t.match(page.data[0], { status: 'Pending', registrationDate: null, expiryDate: null })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetClientsDomains', clientid: '2', limitstart: '0', limitnum: '25' })
  })

  t.test('filters by name, given in Unicode, as punycode', async (t) => {
    const res = await app.inject(`/clients/10/domains?domain=${encodeURIComponent('Müller-Schmidt.de')}`)
    t.equal(res.statusCode, 200)
    t.match(sandbox.calls.at(-1)?.fields, { domain: 'xn--mller-schmidt-wob.de' })
    t.equal((await app.inject('/clients/2/domains?domain=not_a_domain')).statusCode, 400)
  })

  t.test('a client or domain that does not exist is a 404 problem', async (t) => {
    t.match((await app.inject('/clients/9999/domains')).json(), { status: 404, detail: 'Client ID Not Found' })
    t.match((await app.inject('/domains/999')).json(), { status: 404, detail: 'Domain 999 does not exist' })
  })

  t.test('answers one domain', async (t) => {
    const res = await app.inject('/domains/2')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { id: 2, domain: 'liamjohnson.com', status: 'Active', period: 2 })
  })
})

t.test('the registrar commands', async (t) => {
  const { app, sandbox } = await build(t)
  const get = async (id: number): Promise<Json> => (await app.inject(`/domains/${id}`)).json<Json>()

  t.test('register: Pending -> Active for its period', async (t) => {
    const res = await app.inject(post('/domains/5/register'))
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainRegister', domainid: '5' })
    const d = await get(5)
    t.equal(d.status, 'Active')
    t.equal(Number(String(d.expiryDate).slice(0, 4)) - Number(String(d.registrationDate).slice(0, 4)), 2)
    const again = await app.inject(post('/domains/5/register'))
    t.equal(again.statusCode, 409)
  })

  t.test('register: a taken name is a 502 REGISTRAR_FAILED problem', async (t) => {
    // An order for a name the registry already holds.
    t.equal((await app.inject(post('/domains/7/register'))).statusCode, 502)
    t.match((await app.inject(post('/domains/7/register'))).json(), { code: 'REGISTRAR_FAILED', title: 'The domain registrar failed', detail: 'Registration failed: liamjohnson.net is not available at the registry' })
  })

  t.test('renew: moves the expiry date on', async (t) => {
    const res = await app.inject(post('/domains/6/renew', { years: 2 }))
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainRenew', domainid: '6', regperiod: '2' })
    t.equal((await get(6)).expiryDate, '2029-05-20')
    const replay = await app.inject({ ...post('/domains/6/renew', { years: 1 }), headers: { 'idempotency-key': 'renew-once-0001' } })
    t.equal(replay.statusCode, 204)
    const again = await app.inject({ ...post('/domains/6/renew', { years: 1 }), headers: { 'idempotency-key': 'renew-once-0001' } })
    t.equal(again.headers['idempotent-replayed'], 'true', 'a retry with the same key does not renew twice')
    t.equal((await get(6)).expiryDate, '2030-05-20')
    const far = await app.inject(post('/domains/6/renew', { years: 10 }))
    t.match(far.json(), { status: 502, code: 'REGISTRAR_FAILED', detail: 'Renewal failed: the expiry date would be more than 10 years away' })
    t.match((await app.inject(post('/domains/3/renew', {}))).json(), { status: 409, detail: 'The domain can not be renewed' })
    t.match((await app.inject(post('/domains/4/renew', {}))).json(), { status: 409, detail: 'The domain is not active' })
    t.equal((await app.inject(post('/domains/6/renew', { years: 11 }))).statusCode, 400)
  })

  t.test('renew: an expired domain is renewed from today', async (t) => {
    t.equal((await app.inject(post('/domains/1/renew', {}))).statusCode, 204)
    const d = await get(1)
    t.equal(d.status, 'Active')
    t.ok(String(d.expiryDate) > '2026-01-01')
  })

  t.test('transfer: a wrong EPP code is refused by the registry, the right one starts it', async (t) => {
    const wrong = await app.inject(post('/domains/7/transfer', { eppCode: 'guess' }))
    t.equal(wrong.statusCode, 502)
    t.match(wrong.json(), { code: 'REGISTRAR_FAILED', detail: 'Transfer failed: the authorisation (EPP) code does not match' })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainTransfer', domainid: '7', eppcode: 'guess' })
    t.equal((await get(7)).status, 'Pending')
    t.equal((await app.inject(post('/domains/7/transfer', {}))).statusCode, 204, 'the code it was ordered with')
    t.equal((await get(7)).status, 'Pending Transfer')
    t.match((await app.inject(post('/domains/2/transfer', {}))).json(), { status: 409 })
    t.match((await app.inject(post('/domains/4/transfer', {}))).json(), { status: 502, detail: 'Transfer failed: smithandsons.co.uk is not registered at the registry' })
  })

  t.test('release: only an Active .uk name', async (t) => {
    t.match((await app.inject(post('/domains/6/release', { newTag: 'OTHER' }))).json(), { status: 502, code: 'REGISTRAR_FAILED' })
    t.equal((await app.inject(post('/domains/8/release', { newTag: 'bad tag' }))).statusCode, 400)
    const res = await app.inject(post('/domains/8/release', { newTag: 'NEWREGISTRAR' }))
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainRelease', domainid: '8', newtag: 'NEWREGISTRAR' })
    t.equal((await get(8)).status, 'Transferred Away')
    t.match((await app.inject(post('/domains/8/release', { newTag: 'NEWREGISTRAR' }))).json(), { status: 409, detail: 'The domain is not active' })
  })

  t.test('a domain that does not exist is a 404 problem', async (t) => {
    for (const [url, body] of [['/domains/999/register', undefined], ['/domains/999/renew', {}], ['/domains/999/transfer', {}], ['/domains/999/release', { newTag: 'X' }]] as const) {
      const res = await app.inject(post(url, body))
      t.match(res.json(), { status: 404, code: 'NOT_FOUND', detail: 'Domain Not Found' }, url)
    }
  })
})

t.test('nameservers and whois contacts', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('round-trip nameservers through the registrar', async (t) => {
    let res = await app.inject('/domains/6/nameservers')
    t.equal(res.statusCode, 200)
    t.same(res.json(), { nameservers: ['ns1.angstrom-lab.io', 'ns2.angstrom-lab.io', 'ns3.example.net'] })
    res = await app.inject({ method: 'PUT', url: '/domains/6/nameservers', payload: { nameservers: ['NS1.Example.org', 'ns2.example.org'] } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainUpdateNameservers', domainid: '6', ns1: 'ns1.example.org', ns2: 'ns2.example.org' })
    t.notOk('ns3' in (sandbox.calls.at(-1)?.fields ?? {}))
    t.same((await app.inject('/domains/6/nameservers')).json(), { nameservers: ['ns1.example.org', 'ns2.example.org'] })
  })

  t.test('refuses fewer than 2, more than 5, or non-hostnames with a 400 problem', async (t) => {
    for (const nameservers of [['ns1.example.org'], ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example'], ['ns1.example.org', 'not a host'], ['ns1.example.org', 'localhost']]) {
      const res = await app.inject({ method: 'PUT', url: '/domains/6/nameservers', payload: { nameservers } })
      t.equal(res.statusCode, 400, nameservers.join())
    }
  })

  t.test('a nameserver the registry does not know is REGISTRAR_FAILED', async (t) => {
    const res = await app.inject({ method: 'PUT', url: '/domains/6/nameservers', payload: { nameservers: ['ns1.example.org', 'ns.nowhere.test'] } })
    t.match(res.json(), { status: 502, code: 'REGISTRAR_FAILED', detail: 'Nameserver update failed: ns.nowhere.test does not exist at the registry' })
  })

  t.test('a domain the registrar does not hold', async (t) => {
    t.match((await app.inject('/domains/5/nameservers')).json(), { status: 502, code: 'REGISTRAR_FAILED', detail: 'Registrar lookup failed: no registration of angstrom-fysik.com is held' })
    t.match((await app.inject('/domains/999/nameservers')).json(), { status: 404, detail: 'Domain ID Not Found' })
    t.match((await app.inject('/domains/999/whois')).json(), { status: 404 })
  })

  t.test('whois contacts are typed; a role the registrar keeps apart is its own', async (t) => {
    const res = await app.inject('/domains/6/whois')
    t.equal(res.statusCode, 200)
    const whois = res.json<Record<string, Json>>()
    t.match(whois.registrant, { firstName: 'Anders', email: /@/, country: /^[A-Z]{2}$/ })
    t.same(whois.admin, whois.registrant)
    t.same(whois.tech, { firstName: 'Dev', lastName: 'Ops', companyName: 'Ångström Lab', email: 'ops@angstrom-lab.io', address1: 'Lägerhyddsvägen 1', address2: '', city: 'Uppsala', state: 'Uppsala län', postcode: '752 37', country: 'SE', phoneNumber: '+46.184710000' })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainGetWhoisInfo', domainid: '6' })
  })
})

t.test('whois contacts answered JSON-encoded, even as broken JSON, are read', async (t) => {
  const url = await fixedWhmcs(t, { result: 'success', Registrant: '{"First_Name":"Test","Last_Name":"Client","Organisation_Name":null,"Email":"test@testemail.com","Country":GB,"Phone":"+44.1234567890"}' })
  const { app } = await build(t, { whmcs: { url } })
  const res = await app.inject('/domains/1/whois')
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    registrant: { firstName: 'Test', lastName: 'Client', companyName: '', email: 'test@testemail.com', address1: '', address2: '', city: '', state: '', postcode: '', country: 'GB', phoneNumber: '+44.1234567890' },
    admin: null,
    tech: null,
    billing: null
  })
})

t.test('GET /domain-availability/{domain}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('a taken and a free name', async (t) => {
    let res = await app.inject('/domain-availability/example.com')
    t.equal(res.statusCode, 200)
    t.match(res.json(), { domain: 'example.com', available: false, whois: /EXAMPLE\.COM/ })
    res = await app.inject('/domain-availability/liamjohnson.com')
    t.match(res.json(), { available: false }, 'a registered domain of the store is taken')
    res = await app.inject('/domain-availability/free-name-42.net')
    t.match(res.json(), { domain: 'free-name-42.net', available: true })
  })

  t.test('an IDN is looked up in punycode', async (t) => {
    const res = await app.inject(`/domain-availability/${encodeURIComponent('müller.de')}`)
    t.equal(res.statusCode, 200)
    t.match(res.json(), { domain: 'xn--mller-kva.de', available: false })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'DomainWhois', domain: 'xn--mller-kva.de' })
  })

  t.test('an unsupported TLD is a 422 problem; a non-name a 400', async (t) => {
    const res = await app.inject('/domain-availability/example.zz')
    t.equal(res.statusCode, 422)
    t.match(res.json(), { code: 'INVALID_INPUT', detail: 'The given TLD is not supported for WHOIS lookups' })
    for (const name of ['nodot', 'a..com', '-bad-.com', 'x_y.com']) {
      const bad = await app.inject(`/domain-availability/${name}`)
      t.equal(bad.statusCode, 400, name)
    }
  })
})

t.test('GET /tld-pricing', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('every TLD with prices by years as decimal strings', async (t) => {
    const res = await app.inject('/tld-pricing')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.equal(page.meta.total, 8)
    t.same(page.data[0], {
      tld: 'com',
      currencyCode: 'USD',
      categories: ['Popular', 'gTLD'],
      group: '',
      dnsManagement: true,
      emailForwarding: true,
      idProtection: true,
      register: { 1: '11.99', 2: '23.98', 3: '35.97', 5: '59.95', 10: '119.90' },
      transfer: { 1: '11.99' },
      renew: { 1: '12.99', 2: '25.98', 3: '38.97', 5: '64.95', 10: '129.90' },
      grace: { days: 30, price: '0.00' },
      redemption: { days: 30, price: '80.00' }
    })
    t.match(page.data.find((p) => p.tld === 'co.uk'), { grace: null, redemption: null, idProtection: false })
  })

  t.test('in another currency, or the client\'s', async (t) => {
    let res = await app.inject('/tld-pricing?currencyId=2&limit=2')
    t.match(res.json<Page>(), { data: [{ tld: 'com', currencyCode: 'EUR', register: { 1: '10.99' } }, { tld: 'net' }], meta: { total: 8, limit: 2 } })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetTLDPricing', currencyid: '2' })
    res = await app.inject('/tld-pricing?clientId=1')
    t.match(res.json<Page>().data[0], { currencyCode: 'GBP' })
  })
})

t.test('a registrar answering a nameserver twice gives it once', async (t) => {
  const url = await fixedWhmcs(t, { result: 'success', ns1: 'ns1.example.com', ns2: 'NS1.example.com', ns3: 'ns2.example.com', ns4: '' })
  const { app } = await build(t, { whmcs: { url } })
  t.same((await app.inject('/domains/1/nameservers')).json(), { nameservers: ['ns1.example.com', 'ns2.example.com'] })
})
