// Client actions: GetClients, GetClientsDetails, AddClient, UpdateClient,
// DeleteClient, CloseClient, CreateClientInvite, GetClientGroups.
//
// Answers copy WHMCS's value typing: list ids are numbers, ids returned by
// writes are strings, money is a decimal string, GetClientsDetails flags are
// JSON booleans and email preferences "1"/"0".

import { paging, parseBool, ActionError, type Params } from '../protocol/params.js'
import { cancelClientItems, deleteClientItems } from '../engine/acceptance.js'
import { decodeSerializedFields } from '../protocol/php.js'
import {
  CLIENT_CUSTOM_FIELDS, CLIENT_GROUPS, CLIENT_ORDER_BY, CLIENT_STATUSES, EMAIL_PREFERENCE_KEYS,
  type ClientOrderBy, type ClientRecord, type ClientStatus, type EmailPreferences
} from '../store/clients.js'
import { findCountry } from '../store/countries.js'
import { defaultCurrency, findCurrency } from '../store/currencies.js'
import { parsePermissions, passwordHash, USER_PERMISSIONS, type UserRecord } from '../store/users.js'
import type { Store } from '../store/index.js'
import { stableUuid } from '../seed/index.js'
import { isoDate, isoDateTime, isValidEmail } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'
import { clientDetails, clientStats, isValidPhone } from './client-details.js'

export { formatPhone } from './client-details.js'

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

/** Every group at once (WHMCS takes no paging here); its two flags are "on" or "", as WHMCS's form checkboxes store them. */
function getClientGroups (): JsonObject {
  return {
    result: 'success',
    totalresults: CLIENT_GROUPS.length,
    groups: {
      group: CLIENT_GROUPS.map(g => ({
        id: g.id,
        groupname: g.name,
        groupcolour: g.colour,
        discountpercent: g.discountPercent,
        susptermexempt: g.suspTermExempt ? 'on' : '',
        separateinvoices: g.separateInvoices ? 'on' : ''
      }))
    }
  }
}

export const clientHandlers: HandlerGroup = {
  GetClients: getClients,
  GetClientsDetails: getClientsDetails,
  AddClient: addClient,
  UpdateClient: updateClient,
  DeleteClient: deleteClient,
  CloseClient: closeClient,
  CreateClientInvite: createClientInvite,
  GetClientGroups: getClientGroups
}
