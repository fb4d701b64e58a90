// How the Client actions present a client: GetClientsDetails' `client` (in WHMCS's key order) and
// `stats`, and WHMCS's form of a phone number.

import { CLIENT_CUSTOM_FIELDS, EMAIL_PREFERENCE_KEYS, type ClientRecord, type EmailPreferences } from '../store/clients.js'
import { findCountry, findRegion } from '../store/countries.js'
import { defaultCurrency, findCurrency, formatMoney } from '../store/currencies.js'
import { invoiceTotals, type InvoiceTotals } from '../store/invoices.js'
import type { Store } from '../store/index.js'
import { formatCents } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'

// ---------------------------------------------------------------- presentation helpers

interface Phone {
  cc: string
  formatted: string
}

/** WHMCS's "+CC.NUMBER" form of a phone number, using the client's country for the calling code. */
export function formatPhone (phone: string, country: string): Phone {
  const cc = findCountry(country)?.callingCode ?? ''
  const trimmed = phone.trim()
  if (trimmed === '') return { cc, formatted: '' }
  if (trimmed.startsWith('+')) {
    const dot = trimmed.indexOf('.')
    if (dot !== -1) {
      const given = trimmed.slice(1, dot).replace(/\D/g, '')
      return { cc: given, formatted: `+${given}.${trimmed.slice(dot + 1).replace(/\D/g, '')}` }
    }
    const digits = trimmed.replace(/\D/g, '')
    if (cc !== '' && digits.startsWith(cc)) return { cc, formatted: `+${cc}.${digits.slice(cc.length)}` }
    return { cc, formatted: `+${digits}` }
  }
  const national = trimmed.replace(/\D/g, '').replace(/^0+/, '')
  return { cc, formatted: cc === '' ? national : `+${cc}.${national}` }
}

/** WHMCS accepts digits, spaces and + - . ( ) in phone numbers. */
export function isValidPhone (phone: string): boolean {
  if (!/^\+?[0-9 .()-]+$/.test(phone)) return false
  const digits = phone.replace(/\D/g, '').length
  return digits >= 4 && digits <= 20
}

function lastLoginText (client: ClientRecord): string {
  const login = client.lastLogin
  if (login === null) return 'No Login Logged'
  const [date, time] = login.at.split(' ')
  const [y, m, d] = date.split('-')
  return `Date: ${d}/${m}/${y} ${time.slice(0, 5)}<br>IP Address: ${login.ip}<br>Host: ${login.host}`
}

function customFieldList (client: ClientRecord): Json[] {
  return CLIENT_CUSTOM_FIELDS.map(field => ({ id: field.id, value: client.customFields[String(field.id)] ?? '' }))
}

function emailPreferencesOut (prefs: EmailPreferences): JsonObject {
  const out: JsonObject = {}
  for (const key of EMAIL_PREFERENCE_KEYS) out[key] = prefs[key] ? '1' : '0'
  return out
}

/** The `client` object of GetClientsDetails, in WHMCS's key order. */
export function clientDetails (store: Store, client: ClientRecord): JsonObject {
  const owner = store.users.ownerOf(client.id)
  const region = findRegion(client.country, client.state)
  const phone = formatPhone(client.phonenumber, client.country)
  const currency = findCurrency(client.currency) ?? defaultCurrency()
  const details: JsonObject = {
    client_id: client.id,
    owner_user_id: owner?.id ?? 0,
    userid: client.id,
    id: client.id,
    uuid: client.uuid,
    firstname: client.firstname,
    lastname: client.lastname,
    fullname: `${client.firstname} ${client.lastname}`,
    companyname: client.companyname,
    email: client.email,
    address1: client.address1,
    address2: client.address2,
    city: client.city,
    fullstate: region?.name ?? client.state,
    state: client.state,
    postcode: client.postcode,
    countrycode: client.country,
    country: client.country,
    phonenumber: client.phonenumber,
    tax_id: client.taxId,
    email_preferences: emailPreferencesOut(client.emailPreferences),
    statecode: region?.code ?? client.state,
    countryname: findCountry(client.country)?.name ?? client.country,
    phonecc: phone.cc,
    phonenumberformatted: phone.formatted,
    telephoneNumber: phone.formatted,
    billingcid: client.billingContactId,
    notes: client.notes,
    currency: currency.id,
    defaultgateway: client.defaultGateway,
    groupid: client.groupId,
    status: client.status,
    credit: formatCents(client.creditCents),
    taxexempt: client.taxExempt,
    latefeeoveride: client.lateFeeOverride,
    overideduenotices: client.overrideDueNotices,
    separateinvoices: client.separateInvoices,
    disableautocc: client.disableAutoCc,
    emailoptout: client.emailOptOut,
    marketing_emails_opt_in: client.marketingOptIn,
    overrideautoclose: client.overrideAutoClose,
    allowSingleSignOn: client.allowSingleSignOn ? 1 : 0,
    email_verified: client.emailVerified,
    language: client.language,
    isOptedInToMarketingEmails: client.marketingOptIn,
    lastlogin: lastLoginText(client),
    currency_code: currency.code,
    customfields: customFieldList(client)
  }
  CLIENT_CUSTOM_FIELDS.forEach((field, i) => {
    details[`customfields${i + 1}`] = client.customFields[String(field.id)] ?? ''
  })
  details.users = {
    user: store.users.ofClient(client.id).map(({ user, link }) => ({
      id: user.id,
      name: `${user.firstname} ${user.lastname}`,
      email: user.email,
      is_owner: link.owner
    }))
  }
  return details
}

/** GetClientsDetails `stats`, computed from the client's invoices, services and domains (the sandbox has no tickets, quotes or affiliates yet). */
export function clientStats (store: Store, client: ClientRecord, today: string): JsonObject {
  const money = (cents: number): string => formatMoney(cents, client.currency)
  const invoices = store.invoices.ofClient(client.id).map(invoice => ({ invoice, totals: invoiceTotals(invoice) }))
  const inStatus = (status: string): typeof invoices => invoices.filter(i => i.invoice.status === status)
  const sum = (list: typeof invoices, pick: (t: InvoiceTotals) => number): number => list.reduce((total, i) => total + pick(i.totals), 0)
  const unpaid = inStatus('Unpaid')
  const overdue = unpaid.filter(i => i.invoice.dueDate < today)
  const paid = inStatus('Paid')
  const income = sum(paid, t => t.totalCents)
  const services = store.services.ofClient(client.id).map(service => ({ service, type: store.products.get(service.productId)?.type }))
  const count = (type: string | undefined, activeOnly: boolean): number =>
    services.filter(s => (type === undefined || s.type === type) && (!activeOnly || s.service.status === 'Active')).length
  const domains = store.domains.ofClient(client.id)
  return {
    numdueinvoices: unpaid.length,
    dueinvoicesbalance: money(sum(unpaid, t => t.balanceCents)),
    incredit: client.creditCents > 0,
    creditbalance: money(client.creditCents),
    grossRevenue: money(income),
    expenses: money(0),
    income: money(income),
    numoverdueinvoices: overdue.length,
    overdueinvoicesbalance: money(sum(overdue, t => t.balanceCents)),
    numDraftInvoices: inStatus('Draft').length,
    draftInvoicesBalance: money(sum(inStatus('Draft'), t => t.balanceCents)),
    numunpaidinvoices: unpaid.length,
    unpaidinvoicesamount: money(sum(unpaid, t => t.balanceCents)),
    numpaidinvoices: paid.length,
    paidinvoicesamount: money(income),
    numcancelledinvoices: inStatus('Cancelled').length,
    cancelledinvoicesamount: money(sum(inStatus('Cancelled'), t => t.totalCents)),
    numrefundedinvoices: inStatus('Refunded').length,
    refundedinvoicesamount: money(sum(inStatus('Refunded'), t => t.totalCents)),
    numcollectionsinvoices: inStatus('Collections').length,
    collectionsinvoicesamount: money(sum(inStatus('Collections'), t => t.balanceCents)),
    numpaymentpendinginvoices: inStatus('Payment Pending').length,
    paymentpendinginvoicesamount: money(sum(inStatus('Payment Pending'), t => t.balanceCents)),
    productsnumactivehosting: count('hostingaccount', true),
    productsnumhosting: count('hostingaccount', false),
    productsnumactivereseller: count('reselleraccount', true),
    productsnumreseller: count('reselleraccount', false),
    productsnumactiveservers: count('server', true),
    productsnumservers: count('server', false),
    productsnumactiveother: count('other', true),
    productsnumother: count('other', false),
    productsnumactive: count(undefined, true),
    productsnumtotal: count(undefined, false),
    numactivedomains: domains.filter(d => d.status === 'Active').length,
    numdomains: domains.length,
    numacceptedquotes: 0,
    numquotes: 0,
    numtickets: 0,
    numactivetickets: 0,
    numaffiliatesignups: 0,
    isAffiliate: false
  }
}
