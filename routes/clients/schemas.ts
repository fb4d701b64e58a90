// The Clients resource: its field mapping (declared once, read and written through it) and the
// schemas built from it.
import { Type, type Static, type TSchema } from 'typebox'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import { serializedFields } from '../../src/whmcs/encode.js'
import { toBool, toEmail, toId, toList, toText } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, ref, LINE_MAX } from '../../src/schemas/common.js'
import type { Flag, Int, Loose } from '../../src/whmcs/actions.js'

interface RawClientDetails {
  id?: Loose
  client_id?: Loose
  userid?: Loose
  [field: string]: Loose
}

/** Parameters common to create and update of a client. */
interface ClientFields {
  firstname?: string
  lastname?: string
  companyname?: string
  email?: string
  address1?: string
  address2?: string
  city?: string
  state?: string
  postcode?: string
  country?: string
  phonenumber?: string
  tax_id?: string
  currency?: Int
  groupid?: Int
  customfields?: string
  language?: string
  clientip?: string
  notes?: string
  marketingoptin?: Flag
  skipvalidation?: Flag
}

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetClients: {
      params: {
        limitstart?: Int
        limitnum?: Int
        sorting?: 'ASC' | 'DESC'
        status?: string
        search?: string
        orderby?: string
      }
      result: Paged & { clients?: Loose }
    }
    GetClientsDetails: {
      params: { clientid?: Int, email?: string, stats?: Flag }
      result: { client?: RawClientDetails, stats?: Record<string, Loose> }
    }
    AddClient: {
      params: ClientFields & {
        owner_user_id?: Int
        password2?: string
        securityqid?: Int
        securityqans?: string
        noemail?: Flag
      }
      result: { clientid?: Loose, owner_id?: Loose }
    }
    UpdateClient: {
      params: ClientFields & {
        clientid?: Int
        clientemail?: string
        status?: string
        paymentmethod?: string
        email_preferences?: Partial<Record<'general' | 'invoice' | 'support' | 'product' | 'domain' | 'affiliate', Flag>>
        latefeeoveride?: Flag
        overideduenotices?: Flag
        taxexempt?: Flag
        separateinvoices?: Flag
        disableautocc?: Flag
        overrideautoclose?: Flag
      }
      result: { clientid?: Loose }
    }
    DeleteClient: {
      params: { clientid: Int, deleteusers?: Flag, deletetransactions?: Flag }
      result: { clientid?: Loose }
    }
    CloseClient: {
      params: { clientid: Int }
      result: { clientid?: Loose }
    }
    CreateClientInvite: {
      params: { client_id: Int, email: string, permissions: string }
      result: Record<string, Loose>
    }
  }
}

export const CLIENT_STATUSES = ['Active', 'Inactive', 'Closed'] as const

const EMAIL_KINDS = ['general', 'invoice', 'support', 'product', 'domain', 'affiliate'] as const

export const EmailPreferences = component('EmailPreferences', Type.Object(
  Object.fromEntries(EMAIL_KINDS.map((k) => [k, Type.Optional(Type.Boolean({ description: `Whether the client receives ${k} emails` }))])) as
    Record<typeof EMAIL_KINDS[number], ReturnType<typeof Type.Optional<ReturnType<typeof Type.Boolean>>>>,
  { description: 'Which kinds of email the client receives', additionalProperties: false }
))

export const CustomFieldValue = component('CustomFieldValue', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Custom field id, as configured in WHMCS', examples: [1] }),
  value: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The field\'s value', examples: ['VAT-123'] })
}, { description: 'The value of one custom field (of a client, a product\'s service or a ticket department)', additionalProperties: false }))

/** A first and a last name joined by a space. */
const FULL_NAME_MAX = 2 * WHMCS_TEXT_MAX + 1

export const ClientUser = component('ClientUser', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'User id' }),
  name: Type.String({ maxLength: FULL_NAME_MAX, description: 'The user\'s full name' }),
  email: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The user\'s login email address' }),
  isOwner: Type.Boolean({ description: 'Whether the user owns the client account' })
}, { description: 'A user with access to the client account', additionalProperties: false }))

type EmailPrefs = Static<typeof EmailPreferences>
type CustomFields = Array<Static<typeof CustomFieldValue>>

const readEmailPreferences = (v: unknown): EmailPrefs => {
  const raw = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>
  const out: EmailPrefs = {}
  for (const k of EMAIL_KINDS) if (raw[k] !== undefined) out[k] = toBool(raw[k])
  return out
}

/** A `customfields.customfield[]` answer as the fields' ids and values. */
export const readCustomFields = (v: unknown): CustomFields =>
  toList<Record<string, unknown>>(v, 'customfield').map((c) => ({ id: toId(c.id, 'custom field id'), value: toText(c.value, 'custom field value') }))

/** The client fields, in the API's words and WHMCS's. */
export const clientFields = defineMapping({
  id: f.id('id', 'Client id', { aliases: ['client_id', 'userid', 'clientid'] }),
  uuid: f.text('uuid', 'The client\'s UUID'),
  ownerUserId: f.ref('owner_user_id', 'Id of the user who owns the account; null when WHMCS does not say'),
  firstName: f.text('firstname', 'First name', { examples: ['Zoë'] }),
  lastName: f.text('lastname', 'Last name', { examples: ['O\'Brien'] }),
  fullName: f.text('fullname', 'First and last name', { maxLength: FULL_NAME_MAX }),
  companyName: f.text('companyname', 'Company name; empty for individuals', { examples: ['Smith & Sons'] }),
  email: f.email('email', 'Email address', { examples: ['zoe@example.com'] }),
  address1: f.text('address1', 'Address line 1', { examples: ['1 Rue de la Paix'] }),
  address2: f.text('address2', 'Address line 2'),
  city: f.text('city', 'City', { examples: ['Paris'] }),
  state: f.text('state', 'State or region', { examples: ['Île-de-France'] }),
  postcode: f.text('postcode', 'Postal code', { examples: ['75002'] }),
  countryCode: f.text('country', 'ISO 3166-1 alpha-2 country code', { aliases: ['countrycode'], examples: ['FR'] }),
  countryName: f.text('countryname', 'Country name in English'),
  phoneNumber: f.text('phonenumber', 'Phone number', { examples: ['+33.140000000'] }),
  phoneNumberFormatted: f.text('phonenumberformatted', 'Phone number in +CC.NUMBER form'),
  taxId: f.text('tax_id', 'Tax (VAT) id'),
  status: f.enum('status', CLIENT_STATUSES, 'Account status'),
  groupId: f.ref('groupid', 'Client group id; null for no group'),
  currencyId: f.ref('currency', 'Currency id of the account'),
  currencyCode: f.text('currency_code', 'ISO 4217 code of the account currency', { examples: ['USD'] }),
  language: f.text('language', 'Preferred language; empty for the system default', { examples: ['english'] }),
  notes: f.text('notes', 'Notes visible to staff only'),
  credit: f.money('credit', 'Credit balance, in the account currency'),
  paymentMethod: f.text('paymentmethod', 'Default payment gateway module; empty for the system default', { aliases: ['defaultgateway'], examples: ['paypal'] }),
  billingContactId: f.ref('billingcid', 'Contact that receives invoices; null for the account holder'),
  taxExempt: f.bool('taxexempt', 'Whether the account is exempt from tax'),
  lateFeeOverride: f.bool('latefeeoveride', 'Whether late fees are disabled for the account'),
  overdueNoticesOverride: f.bool('overideduenotices', 'Whether overdue notices are disabled for the account'),
  separateInvoices: f.bool('separateinvoices', 'Whether each item is invoiced separately'),
  disableAutoCc: f.bool('disableautocc', 'Whether automatic card charging is disabled'),
  overrideAutoClose: f.bool('overrideautoclose', 'Whether the account is kept open when it has no active services'),
  emailOptOut: f.bool('emailoptout', 'Whether the client opted out of non-essential email'),
  marketingOptIn: f.bool('marketingoptin', 'Whether the client accepts marketing email', { aliases: ['isOptedInToMarketingEmails', 'marketing_emails_opt_in'] }),
  allowSingleSignOn: f.bool('allowSingleSignOn', 'Whether single sign-on into the client area is allowed'),
  emailVerified: f.bool('email_verified', 'Whether the email address has been verified'),
  dateCreated: f.date('datecreated', 'Date the account was created'),
  emailPreferences: f.custom('email_preferences', ref(EmailPreferences), readEmailPreferences, (v) => Object.fromEntries(Object.entries(v).map(([k, b]) => [k, b]))),
  customFields: f.custom('customfields', Type.Array(ref(CustomFieldValue), { description: 'Custom field values' }), readCustomFields, serializedFields),
  users: f.custom('users', Type.Array(ref(ClientUser), { description: 'Users with access to the account' }),
    (v) => toList<Record<string, unknown>>(v, 'user').map((u) => ({ id: toId(u.id, 'user id'), name: toText(u.name, 'user name'), email: toEmail(u.email, 'user email'), isOwner: toBool(u.is_owner) }))),
  // Write-only fields.
  password: f.text('password2', 'Password of the new owner user (when no ownerUserId is given)', { minLength: 1 }),
  noEmail: f.bool('noemail', 'Set to true to not send the welcome email'),
  skipValidation: f.bool('skipvalidation', 'Set to true to skip WHMCS\'s required-field checks'),
  clientIp: f.text('clientip', 'IP address the request originates from, for WHMCS\'s records', { examples: ['203.0.113.7'] })
})

/** Statistics WHMCS computes for a client (`?stats=true`). Amounts are in the account currency. */
export const clientStatsFields = defineMapping({
  numDueInvoices: f.count('numdueinvoices', 'Invoices due'),
  dueInvoicesBalance: f.money('dueinvoicesbalance', 'Amount due'),
  numOverdueInvoices: f.count('numoverdueinvoices', 'Invoices overdue'),
  overdueInvoicesBalance: f.money('overdueinvoicesbalance', 'Amount overdue'),
  numUnpaidInvoices: f.count('numunpaidinvoices', 'Unpaid invoices'),
  unpaidInvoicesAmount: f.money('unpaidinvoicesamount', 'Amount unpaid'),
  numPaidInvoices: f.count('numpaidinvoices', 'Paid invoices'),
  paidInvoicesAmount: f.money('paidinvoicesamount', 'Amount paid'),
  numDraftInvoices: f.count('numDraftInvoices', 'Draft invoices'),
  draftInvoicesBalance: f.money('draftInvoicesBalance', 'Amount in draft invoices'),
  numCancelledInvoices: f.count('numcancelledinvoices', 'Cancelled invoices'),
  numRefundedInvoices: f.count('numrefundedinvoices', 'Refunded invoices'),
  creditBalance: f.money('creditbalance', 'Credit balance'),
  inCredit: f.bool('incredit', 'Whether the account has credit'),
  grossRevenue: f.money('grossRevenue', 'Gross revenue from the account'),
  income: f.money('income', 'Income from the account'),
  expenses: f.money('expenses', 'Expenses recorded against the account'),
  productsNumActive: f.count('productsnumactive', 'Active products and services'),
  productsNumTotal: f.count('productsnumtotal', 'Products and services in total'),
  numActiveDomains: f.count('numactivedomains', 'Active domains'),
  numDomains: f.count('numdomains', 'Domains in total'),
  numQuotes: f.count('numquotes', 'Quotes'),
  numAcceptedQuotes: f.count('numacceptedquotes', 'Accepted quotes'),
  numTickets: f.count('numtickets', 'Support tickets'),
  numActiveTickets: f.count('numactivetickets', 'Open support tickets'),
  numAffiliateSignups: f.count('numaffiliatesignups', 'Sign-ups referred by the client as an affiliate'),
  isAffiliate: f.bool('isAffiliate', 'Whether the client is an affiliate')
})

export const CLIENT_SUMMARY_KEYS = ['id', 'firstName', 'lastName', 'companyName', 'email', 'dateCreated', 'groupId', 'status'] as const
export const CLIENT_KEYS = [
  'id', 'uuid', 'ownerUserId', 'firstName', 'lastName', 'fullName', 'companyName', 'email', 'address1', 'address2',
  'city', 'state', 'postcode', 'countryCode', 'countryName', 'phoneNumber', 'phoneNumberFormatted', 'taxId', 'status',
  'groupId', 'currencyId', 'currencyCode', 'language', 'notes', 'credit', 'paymentMethod', 'billingContactId',
  'taxExempt', 'lateFeeOverride', 'overdueNoticesOverride', 'separateInvoices', 'disableAutoCc', 'overrideAutoClose',
  'emailOptOut', 'marketingOptIn', 'allowSingleSignOn', 'emailVerified', 'emailPreferences', 'customFields', 'users'
] as const

export const ClientStats = component('ClientStats', Type.Object(
  clientStatsFields.properties(Object.keys(clientStatsFields.fields) as Array<keyof typeof clientStatsFields.fields>),
  { description: 'Figures WHMCS computes for a client account', additionalProperties: false }))

export const ClientSummary = component('ClientSummary', Type.Object(clientFields.properties(CLIENT_SUMMARY_KEYS),
  { description: 'A client account as listed', additionalProperties: false }))

export const Client = component('Client', Type.Object({
  ...clientFields.properties(CLIENT_KEYS),
  stats: Type.Optional(ref(ClientStats, { description: 'Present when asked for with `?stats=true`' }))
}, { description: 'A client account: the customer WHMCS bills', additionalProperties: false }))

export const ClientList = listOf('ClientList', ClientSummary, 'A page of client accounts')

export const clientCreateExample = {
  firstName: 'Zoë',
  lastName: 'O\'Brien',
  companyName: 'Smith & Sons',
  email: 'zoe.obrien@example.com',
  address1: '1 Rue de la Paix',
  city: 'Paris',
  state: 'Île-de-France',
  postcode: '75002',
  countryCode: 'FR',
  phoneNumber: '+33.140000000',
  password: 'correct-horse-battery-staple',
  customFields: [{ id: 1, value: 'FR-123' }]
}

export const clientUpdateExample = { companyName: 'Smith & Daughters', status: 'Active', emailPreferences: { invoice: true, general: false } }
export const clientInviteExample = { email: 'accountant@example.com', permissions: ['invoices', 'quotes'] }

/** The most custom field values one request may set. */
export const CUSTOM_FIELDS_MAX = 100

/** A one-line text input: the field's own schema, bounded to LINE_MAX. */
const line = <S extends TSchema>(schema: S): S => ({ ...schema, maxLength: LINE_MAX })

// Input constraints the read side cannot promise for data already in WHMCS.
const inputRules = {
  email: Type.String({ format: 'email', maxLength: LINE_MAX, description: 'Email address', examples: ['zoe@example.com'] }),
  countryCode: Type.String({ pattern: '^[A-Za-z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 country code', examples: ['FR'] }),
  firstName: Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'First name', examples: ['Zoë'] }),
  lastName: Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Last name', examples: ['O\'Brien'] }),
  ownerUserId: Type.Integer({ ...int32(1), description: 'Id of an existing user to own the account; without it WHMCS creates the owner user' }),
  currencyId: Type.Integer({ ...int32(1), description: 'Currency id of the account', examples: [1] }),
  groupId: Type.Integer({ ...int32(1), description: 'Client group id', examples: [1] }),
  customFields: Type.Array(ref(CustomFieldValue), { maxItems: CUSTOM_FIELDS_MAX, description: `Custom field values (at most ${CUSTOM_FIELDS_MAX})` }),
  // The longest textual IP address (IPv6 with an embedded IPv4 address).
  clientIp: { ...clientFields.fields.clientIp.schema, maxLength: 45 }
}

/** Optional one-line text fields of a request, each bounded to LINE_MAX. */
const lines = <K extends keyof typeof clientFields.fields & string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, Type.Optional(line(clientFields.fields[k].schema))])) as
    { [P in K]: ReturnType<typeof Type.Optional<typeof clientFields.fields[P]['schema']>> }

const CREATE_OPTIONAL = [
  'companyName', 'address1', 'address2', 'city', 'state', 'postcode', 'phoneNumber', 'taxId', 'password',
  'ownerUserId', 'currencyId', 'groupId', 'language', 'notes', 'marketingOptIn', 'noEmail', 'skipValidation',
  'customFields', 'clientIp'
] as const

export const ClientCreate = component('ClientCreate', Type.Object({
  ...clientFields.properties(['firstName', 'lastName', 'email'], CREATE_OPTIONAL),
  ...lines(['companyName', 'address1', 'address2', 'city', 'state', 'postcode', 'phoneNumber', 'taxId', 'language', 'password']),
  firstName: inputRules.firstName,
  lastName: inputRules.lastName,
  email: inputRules.email,
  countryCode: Type.Optional(inputRules.countryCode),
  ownerUserId: Type.Optional(inputRules.ownerUserId),
  currencyId: Type.Optional(inputRules.currencyId),
  groupId: Type.Optional(inputRules.groupId),
  customFields: Type.Optional(inputRules.customFields),
  clientIp: Type.Optional(inputRules.clientIp)
}, {
  description: 'A new client account. WHMCS also requires address, city, state, postcode, country and phone unless skipValidation is true.',
  additionalProperties: false,
  examples: [clientCreateExample]
}))

const UPDATE_OPTIONAL = [
  'firstName', 'lastName', 'companyName', 'email', 'address1', 'address2', 'city', 'state', 'postcode', 'countryCode',
  'phoneNumber', 'taxId', 'status', 'groupId', 'currencyId', 'language', 'notes', 'paymentMethod', 'emailPreferences',
  'marketingOptIn', 'taxExempt', 'lateFeeOverride', 'overdueNoticesOverride', 'separateInvoices', 'disableAutoCc',
  'overrideAutoClose', 'customFields', 'skipValidation', 'clientIp'
] as const

export const ClientUpdate = component('ClientUpdate', Type.Object({
  ...clientFields.properties([], UPDATE_OPTIONAL),
  ...lines(['companyName', 'address1', 'address2', 'city', 'state', 'postcode', 'phoneNumber', 'taxId', 'language', 'paymentMethod']),
  firstName: Type.Optional(inputRules.firstName),
  lastName: Type.Optional(inputRules.lastName),
  email: Type.Optional(inputRules.email),
  countryCode: Type.Optional(inputRules.countryCode),
  currencyId: Type.Optional(inputRules.currencyId),
  customFields: Type.Optional(inputRules.customFields),
  clientIp: Type.Optional(inputRules.clientIp)
}, { description: 'Changes to a client account: only the fields given are changed', additionalProperties: false, minProperties: 1, examples: [clientUpdateExample] }))

export const ClientCreated = component('ClientCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new client account' })
}, { description: 'The id of a client account just created', additionalProperties: false }))

export const INVITE_PERMISSIONS = [
  'profile', 'contacts', 'products', 'manageproducts', 'productsso', 'domains', 'managedomains', 'invoices',
  'quotes', 'tickets', 'affiliates', 'emails', 'orders'
] as const

export const ClientInviteCreate = component('ClientInviteCreate', Type.Object({
  email: inputRules.email,
  permissions: Type.Array(Type.Enum(INVITE_PERMISSIONS, { type: 'string' }), {
    minItems: 1, maxItems: INVITE_PERMISSIONS.length, uniqueItems: true, description: 'What the invited user may do in the client area'
  })
}, { description: 'An invitation for a user to access a client account', additionalProperties: false, examples: [clientInviteExample] }))

// Echoes the validated ClientInviteCreate, so it carries the same bounds.
export const ClientInvite = component('ClientInvite', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'The client account the invitation is for' }),
  email: Type.String({ format: 'email', maxLength: LINE_MAX, description: 'Invited email address' }),
  permissions: Type.Array(Type.Enum(INVITE_PERMISSIONS, { type: 'string' }), { maxItems: INVITE_PERMISSIONS.length, description: 'Permissions granted once the invitation is accepted' })
}, { description: 'An invitation that WHMCS has sent', additionalProperties: false }))

export type ClientT = Static<typeof Client>
