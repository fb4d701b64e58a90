// Client actions: GetClients, GetClientsDetails, AddClient, UpdateClient,
// DeleteClient, CloseClient, CreateClientInvite.
//
// Answers copy WHMCS's value typing: list ids are numbers, ids returned by
// writes are strings, money is a decimal string, GetClientsDetails flags are
// JSON booleans and email preferences "1"/"0".

import { paging, parseBool, ActionError, type Params } from '../protocol/params.js'
import { cancelClientItems, deleteClientItems } from '../engine/acceptance.js'
import { decodeSerializedFields } from '../protocol/php.js'
import {
  CLIENT_CUSTOM_FIELDS, CLIENT_ORDER_BY, CLIENT_STATUSES, EMAIL_PREFERENCE_KEYS,
  type ClientOrderBy, type ClientRecord, type ClientStatus, type EmailPreferences
} from '../store/clients.js'
import { findCountry, findRegion } from '../store/countries.js'
import { defaultCurrency, findCurrency, formatMoney } from '../store/currencies.js'
import { invoiceTotals, type InvoiceTotals } from '../store/invoices.js'
import { parsePermissions, passwordHash, USER_PERMISSIONS, type UserRecord } from '../store/users.js'
import type { Store } from '../store/index.js'
import { stableUuid } from '../seed/index.js'
import { formatCents, isoDate, isoDateTime, isValidEmail } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

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
function isValidPhone (phone: string): boolean {
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
function clientDetails (store: Store, client: ClientRecord): JsonObject {
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
function clientStats (store: Store, client: ClientRecord, today: string): JsonObject {
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

// ---------------------------------------------------------------- input helpers

function parseStatus (text: string | undefined): ClientStatus | undefined {
  if (text === undefined) return undefined
  return CLIENT_STATUSES.find(s => s.toLowerCase() === text.toLowerCase())
}

/** Custom field values from a base64 serialized array, limited to the fields the install defines. */
function customFieldsFrom (params: Params): Record<string, string> | undefined {
  const raw = params.str('customfields')
  if (raw === undefined || raw === '') return undefined
  const decoded = decodeSerializedFields(raw)
  if (decoded === undefined) return undefined
  const values: Record<string, string> = {}
  for (const field of CLIENT_CUSTOM_FIELDS) {
    const value = decoded.get(String(field.id))
    if (value !== undefined) values[String(field.id)] = value
  }
  return values
}

/** The client named by a `clientid`-style parameter, when it exists. */
function clientById (store: Store, params: Params, name: string): ClientRecord | undefined {
  const id = params.int(name)
  return id === undefined || id <= 0 ? undefined : store.clients.get(id)
}

/** The sandbox has no contacts yet, so no contact can take over domain notifications. */
function hasDomainNotificationContact (_store: Store, _clientId: number): boolean {
  return false
}

// ---------------------------------------------------------------- actions

function getClients ({ params, store }: ActionContext): JsonObject {
  const { start: limitStart, num: limitNum } = paging(params)
  const orderByText = (params.str('orderby') ?? '').toLowerCase()
  const orderBy: ClientOrderBy = CLIENT_ORDER_BY.find(o => o === orderByText) ?? 'id'
  const statusText = params.str('status')
  const status = parseStatus(statusText)
  const matches = statusText !== undefined && statusText !== '' && status === undefined
    ? [] // an unknown status matches no client
    : store.clients.query({
      status,
      search: params.str('search'),
      orderBy,
      descending: (params.str('sorting') ?? '').toUpperCase() === 'DESC'
    })
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: matches.length,
    startnumber: limitStart,
    numreturned: page.length,
    clients: {
      client: page.map(c => ({
        id: c.id,
        firstname: c.firstname,
        lastname: c.lastname,
        companyname: c.companyname,
        email: c.email,
        datecreated: c.dateCreated,
        groupid: c.groupId,
        status: c.status
      }))
    }
  }
}

function getClientsDetails ({ params, store, now }: ActionContext): JsonObject {
  const id = params.int('clientid') ?? 0
  const email = params.text('email')
  let client: ClientRecord | undefined
  if (id > 0) client = store.clients.get(id)
  else if (email !== '') client = store.clients.findByEmail(email)
  else throw new ActionError('Either clientid Or email Is Required')
  if (client === undefined) throw new ActionError('Client Not Found')
  const details = clientDetails(store, client)
  const answer: JsonObject = { result: 'success', client: details }
  if (params.bool('stats') === true) answer.stats = clientStats(store, client, isoDate(now()))
  // Deprecated copies of the client's fields at the top level, as WHMCS still sends them.
  for (const [key, value] of Object.entries(details)) {
    if (key !== 'users' && !(key in answer)) answer[key] = value
  }
  return answer
}

function addClient ({ params, store, now }: ActionContext): JsonObject {
  let owner: UserRecord | undefined
  const ownerText = params.text('owner_user_id')
  if (ownerText !== '') {
    const ownerId = params.int('owner_user_id') ?? 0
    owner = ownerId > 0 ? store.users.get(ownerId) : undefined
    if (owner === undefined) throw new ActionError('Invalid Owner User ID')
  }
  const skip = params.bool('skipvalidation') === true
  const firstname = params.text('firstname')
  const lastname = params.text('lastname')
  const email = params.text('email')
  const country = params.text('country').toUpperCase()
  const phone = params.text('phonenumber')
  const require = (value: string, message: string): void => {
    if (!skip && value === '') throw new ActionError(message)
  }
  require(firstname, 'You did not enter your first name')
  require(lastname, 'You did not enter your last name')
  // skipvalidation does not cover the email when a new owner user has to be created.
  const enforceEmail = !skip || owner === undefined
  if (enforceEmail && email === '') throw new ActionError('You did not enter your email address')
  if (email !== '' && !isValidEmail(email)) throw new ActionError('The email address you entered was not valid')
  require(params.text('address1'), 'You did not enter your  address line 1')
  require(params.text('city'), 'You did not enter your city')
  require(params.text('state'), 'You did not enter your state')
  require(params.text('postcode'), 'You did not enter your postcode')
  if (!skip && findCountry(country) === undefined) throw new ActionError('Valid country required')
  require(phone, 'You did not enter your phone number')
  if (!skip && !isValidPhone(phone)) throw new ActionError('Invalid telephone phone number')
  if (email !== '' && store.clients.findByEmail(email) !== undefined) {
    throw new ActionError('The email address entered is not available for use.')
  }
  if (owner === undefined && store.users.findByEmail(email) !== undefined) {
    throw new ActionError('A user already exists with that email address')
  }

  const today = now()
  const language = params.text('language').toLowerCase()
  const currencyId = params.int('currency') ?? 0
  const client = store.clients.insert({
    uuid: '',
    firstname,
    lastname,
    companyname: params.text('companyname'),
    email,
    address1: params.text('address1'),
    address2: params.text('address2'),
    city: params.text('city'),
    state: params.text('state'),
    postcode: params.text('postcode'),
    country,
    phonenumber: phone,
    taxId: params.text('tax_id'),
    emailPreferences: { general: true, invoice: true, support: true, product: true, domain: true, affiliate: true },
    notes: params.text('notes'),
    currency: findCurrency(currencyId)?.id ?? defaultCurrency().id,
    defaultGateway: '',
    groupId: Math.max(0, params.int('groupid') ?? 0),
    status: 'Active',
    creditCents: 0,
    taxExempt: false,
    lateFeeOverride: false,
    overrideDueNotices: false,
    separateInvoices: false,
    disableAutoCc: false,
    emailOptOut: false,
    marketingOptIn: params.bool('marketingoptin') === true,
    overrideAutoClose: false,
    allowSingleSignOn: true,
    emailVerified: false,
    language,
    dateCreated: isoDate(today),
    lastLogin: null,
    customFields: customFieldsFrom(params) ?? {},
    billingContactId: 0
  })
  client.uuid = stableUuid(`whmcs-sandbox-client-${client.id}`)
  if (owner === undefined) {
    owner = store.users.insert({
      firstname,
      lastname,
      email,
      language,
      dateCreated: isoDateTime(today),
      emailVerified: false,
      passwordHash: passwordHash(params.text('password2')),
      twoFactorEnabled: false,
      clients: []
    })
  }
  owner.clients.push({ clientId: client.id, owner: true, permissions: [...USER_PERMISSIONS] })
  return { result: 'success', clientid: String(client.id), owner_id: owner.id }
}

const TEXT_FIELDS = [
  ['firstname', 'firstname'], ['lastname', 'lastname'], ['companyname', 'companyname'],
  ['address1', 'address1'], ['address2', 'address2'], ['city', 'city'], ['state', 'state'],
  ['postcode', 'postcode'], ['phonenumber', 'phonenumber'], ['tax_id', 'taxId'], ['notes', 'notes'],
  ['paymentmethod', 'defaultGateway']
] as const

const FLAG_FIELDS = [
  ['latefeeoveride', 'lateFeeOverride'], ['overideduenotices', 'overrideDueNotices'],
  ['taxexempt', 'taxExempt'], ['separateinvoices', 'separateInvoices'], ['disableautocc', 'disableAutoCc'],
  ['overrideautoclose', 'overrideAutoClose'], ['marketingoptin', 'marketingOptIn'], ['emailoptout', 'emailOptOut']
] as const

function updateClient ({ params, store }: ActionContext): JsonObject {
  let client: ClientRecord | undefined
  if (params.text('clientid') !== '') client = clientById(store, params, 'clientid')
  else if (params.text('clientemail') !== '') client = store.clients.findByEmail(params.text('clientemail'))
  if (client === undefined) throw new ActionError('Client ID Not Found')

  // Validate everything first: a failed update changes nothing.
  const email = params.text('email')
  const emailChanges = email !== '' && email.toLowerCase() !== client.email.toLowerCase()
  if (emailChanges) {
    if (!isValidEmail(email)) throw new ActionError('The email address entered is not valid')
    if (store.clients.findByEmail(email) !== undefined) throw new ActionError('Duplicate Email Address')
  }
  const prefsIn = params.map('email_preferences')
  let prefs: EmailPreferences | undefined
  if (prefsIn !== undefined) {
    prefs = { ...client.emailPreferences }
    for (const key of EMAIL_PREFERENCE_KEYS) {
      const value = prefsIn.get(key)
      if (value !== undefined) prefs[key] = parseBool(value)
    }
    if (!prefs.domain && !hasDomainNotificationContact(store, client.id)) {
      throw new ActionError('You must have at least one email address enabled to receive domain related notifications as required by ICANN. To disable domain notifications, please create an alternative contact that is set to receive them')
    }
  }

  if (email !== '') client.email = email
  for (const [param, field] of TEXT_FIELDS) {
    const value = params.str(param)
    if (value !== undefined) client[field] = value
  }
  const country = params.str('country')
  if (country !== undefined && country !== '') client.country = country.toUpperCase()
  for (const [param, field] of FLAG_FIELDS) {
    const value = params.bool(param)
    if (value !== undefined) client[field] = value
  }
  const status = parseStatus(params.str('status'))
  if (status !== undefined) client.status = status
  const currency = findCurrency(params.int('currency') ?? 0)
  if (currency !== undefined) client.currency = currency.id
  const groupId = params.int('groupid')
  if (groupId !== undefined && groupId >= 0) client.groupId = groupId
  const language = params.str('language')
  if (language !== undefined) client.language = language.toLowerCase()
  if (prefs !== undefined) client.emailPreferences = prefs
  const custom = customFieldsFrom(params)
  if (custom !== undefined) client.customFields = { ...client.customFields, ...custom }
  return { result: 'success', clientid: String(client.id) }
}

function deleteClient ({ params, store }: ActionContext): JsonObject {
  const client = clientById(store, params, 'clientid')
  if (client === undefined) throw new ActionError('Client ID Not Found')
  store.clients.delete(client.id)
  deleteClientItems(store, client.id)
  store.users.unlinkClient(client.id, params.bool('deleteusers') === true)
  store.invites.deleteOfClient(client.id)
  return { result: 'success', clientid: String(client.id) }
}

function closeClient ({ params, store }: ActionContext): JsonObject {
  const client = clientById(store, params, 'clientid')
  if (client === undefined) throw new ActionError('Client ID Not Found')
  client.status = 'Closed'
  cancelClientItems(store, client.id)
  return { result: 'success', clientid: client.id }
}

function createClientInvite ({ params, store, now }: ActionContext): JsonObject {
  const client = clientById(store, params, 'client_id')
  if (client === undefined) throw new ActionError('Invalid client id')
  const email = params.text('email')
  if (email === '') throw new ActionError('Email is required')
  if (!isValidEmail(email)) throw new ActionError('The email address entered is not valid')
  // Nothing valid left means no permissions were given.
  const permissions = parsePermissions(params.text('permissions'))
  if (permissions.length === 0) throw new ActionError('User permissions are required')
  const user = store.users.findByEmail(email)
  if (user !== undefined && user.clients.some(c => c.clientId === client.id)) {
    throw new ActionError('User already associated with client')
  }
  const invite = store.invites.insert({ clientId: client.id, email, permissions, token: '', createdAt: isoDateTime(now()) })
  invite.token = stableUuid(`whmcs-sandbox-invite-${invite.id}`).replace(/-/g, '')
  return { result: 'success' }
}

export const clientHandlers: HandlerGroup = {
  GetClients: getClients,
  GetClientsDetails: getClientsDetails,
  AddClient: addClient,
  UpdateClient: updateClient,
  DeleteClient: deleteClient,
  CloseClient: closeClient,
  CreateClientInvite: createClientInvite
}
