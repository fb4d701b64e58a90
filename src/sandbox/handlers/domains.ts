// Domain actions and the simulated registrar: GetClientsDomains, DomainRegister, DomainRenew,
// DomainTransfer, DomainRelease, DomainGetNameservers, DomainUpdateNameservers,
// DomainGetWhoisInfo, DomainWhois and GetTLDPricing.
//
// The registrar answers deterministically: a name is taken when the registry holds it
// (REGISTERED_ELSEWHERE, or a registered domain of the store); a transfer needs that name's EPP
// code; only .uk names can be released to another tag; a nameserver on the reserved `.test`
// TLD does not exist at the registry. Its refusals are free text, as a registrar module's are,
// and say they failed (how the facade tells them from WHMCS's own refusals).

import { domainToASCII } from 'node:url'
import { paging, ActionError, type Params } from '../protocol/params.js'
import { tldOf } from '../store/catalogue.js'
import { defaultCurrency, findCurrency } from '../store/currencies.js'
import { REGISTERED_ELSEWHERE, WHOIS_ROLES, type DomainRecord, type WhoisContact } from '../store/domains.js'
import type { Store } from '../store/index.js'
import { findGateway } from '../store/invoices.js'
import { addMonths, formatCents, isoDate } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

function domainRow (d: DomainRecord): JsonObject {
  return {
    id: d.id,
    userid: d.clientId,
    orderid: d.orderId,
    regtype: d.type,
    domainname: d.domain,
    registrar: d.registrar,
    regperiod: d.period,
    firstpaymentamount: formatCents(d.firstPaymentCents),
    recurringamount: formatCents(d.recurringCents),
    paymentmethod: d.paymentMethod,
    paymentmethodname: findGateway(d.paymentMethod)?.name ?? d.paymentMethod,
    regdate: d.registrationDate ?? '0000-00-00',
    expirydate: d.expiryDate ?? '0000-00-00',
    nextduedate: d.nextDueDate ?? '0000-00-00',
    status: d.status,
    subscriptionid: d.subscriptionId,
    promoid: d.promotionId,
    dnsmanagement: d.dnsManagement ? 1 : 0,
    emailforwarding: d.emailForwarding ? 1 : 0,
    idprotection: d.idProtection ? 1 : 0,
    donotrenew: d.doNotRenew ? 1 : 0,
    notes: '',
    // Only GetClientsDomains with a domain id answers the nameservers (WHMCS 7.9+).
    ...Object.fromEntries(d.nameservers.map((ns, i) => [`ns${i + 1}`, ns]))
  }
}

function GetClientsDomains ({ params, store }: ActionContext): JsonObject {
  const clientId = params.int('clientid') ?? 0
  if (clientId !== 0 && store.clients.get(clientId) === undefined) throw new ActionError('Client ID Not Found')
  const domainId = params.int('domainid') ?? 0
  const name = params.text('domain').toLowerCase()
  const all = store.domains.filter(d => (clientId === 0 || d.clientId === clientId) &&
    (domainId === 0 || d.id === domainId) && (name === '' || d.domain.toLowerCase() === name))
  const { start, num } = paging(params)
  const page = all.slice(start, start + num)
  return {
    result: 'success',
    clientid: clientId === 0 ? '' : String(clientId),
    domainid: domainId === 0 ? '' : String(domainId),
    totalresults: all.length,
    startnumber: start,
    numreturned: page.length,
    domains: page.length === 0 ? '' : { domain: page.map(domainRow) }
  }
}

/** The domain named by `domainid` (or, for the commands that take one, by `domain`). */
function domainOf (params: Params, store: Store, notFound = 'Domain Not Found'): DomainRecord {
  const id = params.int('domainid') ?? 0
  const name = params.text('domain').toLowerCase()
  const domain = id !== 0 ? store.domains.get(id) : (name === '' ? undefined : store.domains.find(d => d.domain.toLowerCase() === name))
  if (domain === undefined) throw new ActionError(notFound)
  return domain
}

function years (from: string, count: number): string {
  return addMonths(from, 12 * count)
}

function DomainRegister ({ params, store, now }: ActionContext): JsonObject {
  const domain = domainOf(params, store)
  if (domain.status !== 'Pending' && domain.status !== 'Pending Registration') throw new ActionError('Domain is already registered or not pending')
  if (store.domains.isRegistered(domain.domain)) throw new ActionError(`Registration failed: ${domain.domain} is not available at the registry`)
  const today = isoDate(now())
  domain.status = 'Active'
  domain.type = 'Register'
  domain.registrationDate = today
  domain.expiryDate = years(today, domain.period)
  domain.nextDueDate = domain.expiryDate
  domain.nextInvoiceDate = domain.expiryDate
  return { result: 'success' }
}

function DomainRenew ({ params, store, now }: ActionContext): JsonObject {
  const domain = domainOf(params, store)
  if (domain.status === 'Cancelled' || domain.status === 'Transferred Away' || domain.status === 'Fraud') throw new ActionError('The domain can not be renewed')
  if (domain.status !== 'Active' && domain.status !== 'Expired' && domain.status !== 'Grace' && domain.status !== 'Redemption') throw new ActionError('The domain is not active')
  const period = params.has('regperiod') ? (params.int('regperiod') ?? 0) : domain.period
  if (period < 1) throw new ActionError('Renewal failed: the period must be a whole number of years')
  const today = isoDate(now())
  // A lapsed domain is renewed from today; a live one from its expiry date.
  const from = domain.expiryDate !== null && domain.expiryDate > today ? domain.expiryDate : today
  const expiry = years(from, period)
  if (expiry > years(today, 10)) throw new ActionError('Renewal failed: the expiry date would be more than 10 years away')
  domain.status = 'Active'
  domain.expiryDate = expiry
  domain.nextDueDate = expiry
  domain.nextInvoiceDate = expiry
  return { result: 'success' }
}

function DomainTransfer ({ params, store }: ActionContext): JsonObject {
  const domain = domainOf(params, store)
  if (domain.status !== 'Pending' && domain.status !== 'Pending Transfer') throw new ActionError('The domain is already active with this registrar')
  const name = domain.domain.toLowerCase()
  const code = REGISTERED_ELSEWHERE[name]
  if (code === undefined) throw new ActionError(`Transfer failed: ${domain.domain} is not registered at the registry`)
  const given = params.has('eppcode') ? params.text('eppcode') : domain.eppCode
  if (given !== code) throw new ActionError('Transfer failed: the authorisation (EPP) code does not match')
  domain.eppCode = given
  domain.type = 'Transfer'
  domain.status = 'Pending Transfer'
  return { result: 'success' }
}

function DomainRelease ({ params, store }: ActionContext): JsonObject {
  const domain = domainOf(params, store)
  const tag = params.text('newtag').trim()
  if (tag === '') throw new ActionError('New Tag is required')
  if (domain.status !== 'Active') throw new ActionError('The domain is not active')
  if (!domain.domain.toLowerCase().endsWith('.uk')) throw new ActionError('Release failed: only .uk names can be released to another tag')
  domain.status = 'Transferred Away'
  domain.releasedTo = tag.toUpperCase()
  return { result: 'success' }
}

/** A domain the registrar holds: it answers only for names it has registered. */
function registrarDomain (params: Params, store: Store): DomainRecord {
  const domain = domainOf(params, store, 'Domain ID Not Found')
  if (domain.registrar === '') throw new ActionError('Registrar Function Not Supported')
  if (domain.status !== 'Active' && domain.status !== 'Expired' && domain.status !== 'Grace' && domain.status !== 'Redemption') {
    throw new ActionError(`Registrar lookup failed: no registration of ${domain.domain} is held`)
  }
  return domain
}

function DomainGetNameservers ({ params, store }: ActionContext): JsonObject {
  const domain = registrarDomain(params, store)
  return { result: 'success', ...Object.fromEntries(domain.nameservers.map((ns, i) => [`ns${i + 1}`, ns])) }
}

function DomainUpdateNameservers ({ params, store }: ActionContext): JsonObject {
  const domain = domainOf(params, store, 'Domain ID Not Found')
  const given = [1, 2, 3, 4, 5].map(i => params.text(`ns${i}`).trim().toLowerCase())
  if (given[0] === '' || given[1] === '') throw new ActionError('ns1 and ns2 required')
  registrarDomain(params, store)
  const nameservers = given.filter(ns => ns !== '')
  const unknown = nameservers.find(ns => ns.endsWith('.test'))
  if (unknown !== undefined) throw new ActionError(`Nameserver update failed: ${unknown} does not exist at the registry`)
  domain.nameservers = nameservers
  return { result: 'success' }
}

function clientContact (store: Store, clientId: number): WhoisContact {
  const c = store.clients.get(clientId)
  return {
    firstName: c?.firstname ?? '',
    lastName: c?.lastname ?? '',
    companyName: c?.companyname ?? '',
    email: c?.email ?? '',
    address1: c?.address1 ?? '',
    address2: c?.address2 ?? '',
    city: c?.city ?? '',
    state: c?.state ?? '',
    postcode: c?.postcode ?? '',
    country: c?.country ?? '',
    phone: c?.phonenumber ?? ''
  }
}

function DomainGetWhoisInfo ({ params, store }: ActionContext): JsonObject {
  const domain = registrarDomain(params, store)
  const fallback = clientContact(store, domain.clientId)
  const out: JsonObject = { result: 'success' }
  for (const role of WHOIS_ROLES) {
    const c = domain.contacts?.[role] ?? fallback
    // Registrar modules answer their own labels; these are WHMCS's standard ones.
    out[role] = {
      'First Name': c.firstName,
      'Last Name': c.lastName,
      'Company Name': c.companyName,
      'Email Address': c.email,
      'Address 1': c.address1,
      'Address 2': c.address2,
      City: c.city,
      State: c.state,
      Postcode: c.postcode,
      Country: c.country,
      'Phone Number': c.phone
    }
  }
  return out
}

/** A-label form of a name, or undefined when it is not a valid domain name. */
function asciiName (text: string): string | undefined {
  const ascii = domainToASCII(text.trim().toLowerCase())
  if (ascii === '' || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(ascii)) return undefined
  return ascii
}

function DomainWhois ({ params, store }: ActionContext): JsonObject {
  const name = asciiName(params.text('domain'))
  if (name === undefined) throw new ActionError('Domain not valid')
  if (tldOf(store.tlds.all(), name) === undefined) throw new ActionError('The given TLD is not supported for WHOIS lookups')
  if (!store.domains.isRegistered(name)) return { result: 'success', status: 'available', whois: `No match for "${name.toUpperCase()}".` }
  return {
    result: 'success',
    status: 'unavailable',
    whois: `Domain Name: ${name.toUpperCase()}<br />\nRegistry Domain ID: ${name.length}${name.charCodeAt(0)}_DOMAIN<br />\nDomain Status: clientTransferProhibited<br />\n`
  }
}

/** Categories of the TLDs, as the domain pricing page groups them. */
const TLD_CATEGORIES: Readonly<Record<string, string[]>> = {
  '.com': ['Popular', 'gTLD'],
  '.net': ['Popular', 'gTLD'],
  '.org': ['Popular', 'gTLD'],
  '.io': ['Technology'],
  '.co.uk': ['Popular', 'ccTLD'],
  '.de': ['ccTLD'],
  '.eu': ['ccTLD'],
  '.se': ['ccTLD']
}

function GetTLDPricing ({ params, store }: ActionContext): JsonObject {
  const client = store.clients.get(params.int('clientid') ?? 0)
  // The client's currency wins over `currencyid`, as in WHMCS.
  const currency = findCurrency(client?.currency ?? params.int('currencyid') ?? 0) ?? defaultCurrency()
  const money = (prices: Record<number, number> | undefined): JsonObject =>
    Object.fromEntries(Object.entries(prices ?? {}).map(([y, cents]) => [y, formatCents(cents)]))
  const pricing: JsonObject = {}
  for (const tld of store.tlds.all()) {
    const prices = tld.pricing[currency.id]
    if (prices === undefined) continue
    const key = tld.tld.slice(1)
    pricing[key] = {
      tld: key,
      categories: TLD_CATEGORIES[tld.tld] ?? ['Other'],
      addons: { dns: tld.dnsManagement, email: tld.emailForwarding, idprotect: tld.idProtection },
      group: key === 'io' ? 'hot' : '',
      register: money(prices.register),
      transfer: money(prices.transfer),
      renew: money(prices.renew),
      grace_period: tld.tld.endsWith('.uk') ? null : { days: 30, price: formatCents(0) },
      redemption_period: tld.tld.endsWith('.uk') ? null : { days: 30, price: formatCents(8000) }
    }
  }
  return {
    result: 'success',
    currency: { id: currency.id, code: currency.code, prefix: currency.prefix, suffix: currency.suffix, format: currency.format, rate: currency.rate },
    pricing
  }
}

export const domainHandlers: HandlerGroup = {
  GetClientsDomains,
  DomainRegister,
  DomainRenew,
  DomainTransfer,
  DomainRelease,
  DomainGetNameservers,
  DomainUpdateNameservers,
  DomainGetWhoisInfo,
  DomainWhois,
  GetTLDPricing
}
