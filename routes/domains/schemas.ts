// Domains (GetClientsDomains' domains), their nameservers and whois contacts, the availability
// of a name, and TLD pricing; and the bodies of the registrar commands.
import { domainToASCII } from 'node:url'
import { Type, type Static } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { HttpProblem } from '../../src/problems/catalogue.js'
import { toMoney, toInt, toRecord, toText } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, MoneyOut, ref } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetClientsDomains: {
      params: { limitstart?: Int, limitnum?: Int, clientid?: Int, domainid?: Int, domain?: string }
      result: Paged & { domains?: Loose }
    }
    DomainRegister: { params: { domainid: Int }, result: Record<string, Loose> }
    DomainRenew: { params: { domainid: Int, regperiod?: Int }, result: Record<string, Loose> }
    DomainTransfer: { params: { domainid: Int, eppcode?: string }, result: Record<string, Loose> }
    DomainRelease: { params: { domainid: Int, newtag: string }, result: Record<string, Loose> }
    DomainGetNameservers: { params: { domainid: Int }, result: { ns1?: Loose, ns2?: Loose, ns3?: Loose, ns4?: Loose, ns5?: Loose } }
    DomainUpdateNameservers: {
      params: { domainid: Int, ns1: string, ns2: string, ns3?: string, ns4?: string, ns5?: string }
      result: Record<string, Loose>
    }
    DomainGetWhoisInfo: { params: { domainid: Int }, result: { Registrant?: Loose, Admin?: Loose, Tech?: Loose, Billing?: Loose } }
    DomainWhois: { params: { domain: string }, result: { status?: Loose, whois?: Loose } }
    GetTLDPricing: { params: { currencyid?: Int, clientid?: Int }, result: { currency?: Loose, pricing?: Loose } }
  }
}

export const DOMAIN_STATUSES = [
  'Pending', 'Pending Registration', 'Pending Transfer', 'Active', 'Grace', 'Redemption', 'Expired',
  'Cancelled', 'Fraud', 'Transferred Away'
] as const

/** The domain fields, in the API's words and WHMCS's. */
export const domainFields = defineMapping({
  id: f.id('id', 'Domain id'),
  clientId: f.id('userid', 'Id of the client the domain belongs to'),
  orderId: f.ref('orderid', 'The order that created the domain; null when staff added it'),
  domain: f.text('domainname', 'The domain name (internationalised names in their ASCII form)', { examples: ['angstrom-lab.io'] }),
  type: f.enum('regtype', ['Register', 'Transfer'] as const, 'How the domain came: registered, or transferred in'),
  status: f.enum('status', DOMAIN_STATUSES, 'Where the domain is with its registrar'),
  registrar: f.text('registrar', 'The registrar module that manages the domain', { examples: ['enom'] }),
  period: f.count('regperiod', 'Registration period in years', { examples: [1] }),
  registrationDate: f.date('regdate', 'When the domain was registered; null before'),
  expiryDate: f.date('expirydate', 'When the registration expires; null before registration'),
  nextDueDate: f.date('nextduedate', 'When the next renewal payment is due'),
  firstPaymentAmount: f.money('firstpaymentamount', 'What the first invoice charged, in the client\'s currency', { examples: ['11.99'] }),
  recurringAmount: f.money('recurringamount', 'What each renewal charges, in the client\'s currency', { examples: ['12.99'] }),
  paymentMethod: f.text('paymentmethod', 'Payment gateway module', { examples: ['paypal'] }),
  dnsManagement: f.bool('dnsmanagement', 'Whether DNS management is on'),
  emailForwarding: f.bool('emailforwarding', 'Whether email forwarding is on'),
  idProtection: f.bool('idprotection', 'Whether ID protection is on'),
  doNotRenew: f.bool('donotrenew', 'Whether automatic renewal is off'),
  notes: f.text('notes', 'Notes visible to staff only')
})

export const DOMAIN_KEYS = Object.keys(domainFields.fields) as Array<keyof typeof domainFields.fields>

export const Domain = component('Domain', Type.Object(domainFields.properties(DOMAIN_KEYS), {
  description: 'A client\'s domain and where it stands with its registrar',
  additionalProperties: false
}))

export const DomainList = listOf('DomainList', Domain, 'A page of domains')

// ---------------------------------------------------------------- names

const LABELS = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/**
 * A domain name in its ASCII (punycode) form, from a name that may be given in Unicode; a name
 * that is not one is a 400 problem about `location`.
 */
export function asciiDomain (name: string, location: string): string {
  const ascii = domainToASCII(name.trim().toLowerCase())
  if (!LABELS.test(ascii)) {
    throw new HttpProblem('INVALID_REQUEST', `${location} is not a valid domain name`, [{ location, message: 'is not a valid domain name' }])
  }
  return ascii
}

/** A name as the caller may give it: letters of any script, digits, hyphens and dots. */
export const DomainName = Type.String({
  minLength: 3,
  maxLength: 253,
  pattern: '^[^\\s/@:?#]+\\.[^\\s/@:?#.]+$',
  description: 'A domain name; an internationalised name may be given in Unicode (it is sent as punycode)',
  examples: ['example.com']
})

const Hostname = Type.String({
  format: 'hostname',
  pattern: '\\.',
  minLength: 4,
  maxLength: 253,
  description: 'A nameserver\'s hostname',
  examples: ['ns1.example.net']
})

export const Nameservers = component('Nameservers', Type.Object({
  nameservers: Type.Array(Type.String({ maxLength: 253, description: 'A nameserver\'s hostname' }), { maxItems: 5, description: 'The domain\'s nameservers, in order, as its registrar reports them' })
}, { description: 'The nameservers of a domain', additionalProperties: false }))

export const NameserversUpdate = component('NameserversUpdate', Type.Object({
  nameservers: Type.Array(Hostname, { minItems: 2, maxItems: 5, uniqueItems: true, description: 'The domain\'s new nameservers, in order (2 to 5)' })
}, { description: 'The nameservers to give a domain', additionalProperties: false, examples: [{ nameservers: ['ns1.example.net', 'ns2.example.net'] }] }))

export const DomainAvailability = component('DomainAvailability', Type.Object({
  domain: Type.String({ maxLength: 253, description: 'The name asked about, in its ASCII (punycode) form', examples: ['example.com'] }),
  available: Type.Boolean({ description: 'Whether the name can be registered' }),
  whois: Type.String({ maxLength: 65_535, description: 'What the registry\'s whois says of the name' })
}, { description: 'Whether a domain name is free to register', additionalProperties: false }))

// ---------------------------------------------------------------- whois contacts

const CONTACT_KEYS = {
  firstName: ['firstname'],
  lastName: ['lastname'],
  companyName: ['companyname', 'organisationname', 'organizationname', 'company', 'organisation', 'organization'],
  email: ['emailaddress', 'email'],
  address1: ['address1', 'address'],
  address2: ['address2'],
  city: ['city'],
  state: ['state', 'region', 'county'],
  postcode: ['postcode', 'zipcode', 'zip', 'postalcode'],
  country: ['country', 'countrycode'],
  phoneNumber: ['phonenumber', 'phone']
} as const

type ContactKey = keyof typeof CONTACT_KEYS

const contactDescriptions: Record<ContactKey, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  companyName: 'Organisation; empty for none',
  email: 'Email address',
  address1: 'Address, first line',
  address2: 'Address, second line',
  city: 'City',
  state: 'State or region',
  postcode: 'Postcode',
  country: 'Country (usually its ISO 3166-1 alpha-2 code)',
  phoneNumber: 'Phone number as registries keep it (+CC.NUMBER)'
}

export const WhoisContact = component('WhoisContact', Type.Object(
  Object.fromEntries(Object.entries(contactDescriptions).map(([k, d]) => [k, Type.String({ maxLength: 255, description: d })])) as Record<ContactKey, ReturnType<typeof Type.String>>,
  { description: 'A contact the registrar holds for a domain', additionalProperties: false }))

/**
 * A registrar's contact block. Registrar modules label fields their own way ("First Name",
 * "First_Name", "Email Address"...), so labels are compared without case, spaces or underscores;
 * some WHMCS versions answer the block JSON-encoded, not always as valid JSON.
 */
function readContact (value: unknown): Static<typeof WhoisContact> | null {
  let record: Record<string, unknown> = toRecord(value)
  if (typeof value === 'string') {
    try {
      record = toRecord(JSON.parse(value))
    } catch {
      record = Object.fromEntries([...value.matchAll(/"([^"]+)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|([^,}]*))/g)].map((m) => [m[1], m[2] ?? (m[3] ?? '').trim()]))
    }
  }
  if (Object.keys(record).length === 0) return null
  const byLabel = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase().replace(/[\s_-]/g, ''), v]))
  const out = {} as Record<ContactKey, string>
  for (const [key, labels] of Object.entries(CONTACT_KEYS) as Array<[ContactKey, readonly string[]]>) {
    const label = labels.find((l) => byLabel.get(l) !== undefined && byLabel.get(l) !== null)
    out[key] = label === undefined || byLabel.get(label) === 'null' ? '' : toText(byLabel.get(label), key).slice(0, 255)
  }
  return out
}

const contactOrNull = (description: string) => Type.Union([ref(WhoisContact), Type.Null()], { description })

export const DomainWhois = component('DomainWhois', Type.Object({
  registrant: contactOrNull('The registrant, who holds the domain'),
  admin: contactOrNull('The administrative contact; null when the registrar has none'),
  tech: contactOrNull('The technical contact; null when the registrar has none'),
  billing: contactOrNull('The billing contact; null when the registrar has none')
}, { description: 'The contacts the registrar holds for a domain', additionalProperties: false }))

export function readWhois (raw: { Registrant?: unknown, Admin?: unknown, Tech?: unknown, Billing?: unknown }): Static<typeof DomainWhois> {
  return { registrant: readContact(raw.Registrant), admin: readContact(raw.Admin), tech: readContact(raw.Tech), billing: readContact(raw.Billing) }
}

// ---------------------------------------------------------------- TLD pricing

const Money = MoneyOut('An amount in the currency asked for', ['11.99'])
const ByYears = (description: string) => Type.Record(Type.String({ pattern: '^([1-9]|10)$' }), Money, { description, examples: [{ 1: '11.99', 2: '23.98' }] })
const Period = Type.Union([Type.Object({
  days: Type.Integer({ ...int32(0), description: 'How many days it lasts' }),
  price: Money
}, { additionalProperties: false }), Type.Null()], { description: 'The period and its fee; null when the TLD has none' })

export const TldPrice = component('TldPrice', Type.Object({
  tld: Type.String({ maxLength: 63, description: 'The TLD, without its leading dot', examples: ['com'] }),
  currencyCode: Type.String({ maxLength: 16, description: 'ISO 4217 code of the currency of the prices', examples: ['USD'] }),
  categories: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32, description: 'Categories the TLD is listed under', examples: [['Popular', 'gTLD']] }),
  group: Type.String({ maxLength: 32, description: 'Highlight of the TLD (`hot`, `new`, `sale`); empty for none', examples: [''] }),
  dnsManagement: Type.Boolean({ description: 'Whether DNS management can be added' }),
  emailForwarding: Type.Boolean({ description: 'Whether email forwarding can be added' }),
  idProtection: Type.Boolean({ description: 'Whether ID protection can be added' }),
  register: ByYears('Registration prices by number of years'),
  transfer: ByYears('Transfer prices by number of years'),
  renew: ByYears('Renewal prices by number of years'),
  grace: Period,
  redemption: Period
}, { description: 'The prices of one TLD in one currency', additionalProperties: false }))

export const TldPriceList = listOf('TldPriceList', TldPrice, 'A page of TLD prices')

function byYears (value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [years, price] of Object.entries(toRecord(value))) {
    const money = toMoney(price, 'price')
    if (/^([1-9]|10)$/.test(years) && money !== null) out[years] = money
  }
  return out
}

function period (value: unknown): Static<typeof Period> {
  const record = toRecord(value)
  if (record.days === undefined) return null
  return { days: toInt(record.days, 'days') ?? 0, price: toMoney(record.price, 'price') ?? '0.00' }
}

/** GetTLDPricing's map keyed by TLD, as a list. */
export function readTldPricing (raw: { currency?: unknown, pricing?: unknown }): Array<Static<typeof TldPrice>> {
  const currencyCode = toText(toRecord(raw.currency).code, 'code')
  return Object.entries(toRecord(raw.pricing)).map(([key, value]) => {
    const p = toRecord(value)
    const addons = toRecord(p.addons)
    return {
      tld: toText(p.tld ?? key, 'tld').replace(/^\./, ''),
      currencyCode,
      categories: Array.isArray(p.categories) ? p.categories.map((c) => toText(c, 'category')) : [],
      group: toText(p.group, 'group'),
      dnsManagement: addons.dns === true || addons.dns === 1 || addons.dns === '1',
      emailForwarding: addons.email === true || addons.email === 1 || addons.email === '1',
      idProtection: addons.idprotect === true || addons.idprotect === 1 || addons.idprotect === '1',
      register: byYears(p.register),
      transfer: byYears(p.transfer),
      renew: byYears(p.renew),
      grace: period(p.grace_period),
      redemption: period(p.redemption_period)
    }
  })
}

// ---------------------------------------------------------------- command bodies

export const DomainRenew = component('DomainRenew', Type.Object({
  years: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: 10, description: 'Years to renew for; default: the domain\'s registration period', examples: [1] }))
}, { description: 'How long to renew a domain for', additionalProperties: false, examples: [{ years: 1 }] }))

export const DomainTransfer = component('DomainTransfer', Type.Object({
  eppCode: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'The authorisation (EPP) code from the current registrar; default: the one the domain was ordered with', examples: ['Lq9$vX4!mT'] }))
}, { description: 'How to transfer a domain in', additionalProperties: false, examples: [{ eppCode: 'Lq9$vX4!mT' }] }))

export const DomainRelease = component('DomainRelease', Type.Object({
  newTag: Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$', minLength: 1, maxLength: 64, description: 'The registrar tag (IPS tag of a .uk name) to release the domain to', examples: ['NEWREGISTRAR'] })
}, { description: 'Where to release a domain to', additionalProperties: false, examples: [{ newTag: 'NEWREGISTRAR' }] }))
