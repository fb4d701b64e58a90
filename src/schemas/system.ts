// The System resources: installation details, business statistics, general settings, the
// activity log, emails and currencies.
import { Type, type Static } from 'typebox'
import { SETTING_NAME } from '../config.js'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../whmcs/fields.js'
import { toFormattedMoney, toInt, toMoney } from '../whmcs/normalize.js'
import { component, int32, listOf, ref } from './common.js'

/** The longest one-line text accepted (names, subjects, search terms). */
const LINE_MAX = 255
/** The longest textual IP address (IPv6 with an embedded IPv4 address). */
const IP_MAX = 45

export const SystemDetails = component('SystemDetails', Type.Object({
  version: Type.String({ maxLength: 64, description: 'The WHMCS version', examples: ['8.13.1'] }),
  canonicalVersion: Type.String({ maxLength: 64, description: 'The full version with its release stage', examples: ['8.13.1-release.1'] })
}, { description: 'The WHMCS installation behind the service', additionalProperties: false }))

const amount = f.money('amount', 'The amount as a decimal string', { examples: ['5.95'] })

export const FormattedMoney = component('FormattedMoney', Type.Object({
  formatted: Type.String({ maxLength: 64, description: 'The figure as WHMCS formats it, with the currency\'s prefix and suffix', examples: ['$5.95 USD'] }),
  amount: Type.Union([amount.schema, Type.Null()], { description: 'Its amount as a decimal string; null when the format cannot be read' }),
  currencyCode: Type.Union([Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3 }), Type.Null()], {
    description: 'The ISO 4217 code shown in the figure; null when it shows only a symbol', examples: ['USD']
  })
}, { description: 'An amount WHMCS answers already formatted for display, read where the format allows', additionalProperties: false }))

export const StatsDay = component('StatsDay', Type.Object({
  date: Type.String({ format: 'date', maxLength: 10, description: 'The day', examples: ['2026-11-28'] }),
  newOrders: Type.Integer({ ...int32(0), description: 'Orders placed that day' }),
  acceptedOrders: Type.Integer({ ...int32(0), description: 'Orders placed that day and since accepted' }),
  income: { ...amount.schema, description: 'Payments received that day, in the default currency' },
  expenditure: { ...amount.schema, description: 'Expenses recorded that day, in the default currency' },
  newTickets: Type.Integer({ ...int32(0), description: 'Support tickets opened that day' })
}, { description: 'The figures of one day', additionalProperties: false }))

type Day = Static<typeof StatsDay>
/** WHMCS answers at most 90 days of timeline. */
const MAX_TIMELINE_DAYS = 90
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as Record<string, unknown>

/** GetStats' `timeline_data`, an object of metric → { date → value }, as one entry per day, oldest first. */
function readTimeline (value: unknown): Day[] {
  const metrics = record(value)
  const counts = (metric: string, date: string): number => toInt(record(metrics[metric])[date], metric) ?? 0
  const money = (metric: string, date: string): string => toMoney(record(metrics[metric])[date], metric) ?? '0.00'
  const dates = new Set<string>()
  for (const series of Object.values(metrics)) for (const date of Object.keys(record(series))) dates.add(date)
  // The most recent MAX_TIMELINE_DAYS, should WHMCS answer more than it is asked for.
  return [...dates].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().slice(-MAX_TIMELINE_DAYS).map((date) => ({
    date,
    newOrders: counts('new_orders', date),
    acceptedOrders: counts('accepted_orders', date),
    income: money('income', date),
    expenditure: money('expenditure', date),
    newTickets: counts('new_tickets', date)
  }))
}

const income = (whmcs: string, period: string) =>
  f.custom(whmcs, ref(FormattedMoney, { description: `Income ${period}, as WHMCS formats it in the default currency` }), toFormattedMoney)

/** The figures of GetStats. */
export const statsFields = defineMapping({
  incomeToday: income('income_today', 'today'),
  incomeThisMonth: income('income_thismonth', 'this month'),
  incomeThisYear: income('income_thisyear', 'this year'),
  incomeAllTime: income('income_alltime', 'since the installation began'),
  ordersPending: f.count('orders_pending', 'Orders waiting to be accepted'),
  ordersTodayCancelled: f.count('orders_today_cancelled', 'Orders placed today and cancelled'),
  ordersTodayPending: f.count('orders_today_pending', 'Orders placed today and pending'),
  ordersTodayFraud: f.count('orders_today_fraud', 'Orders placed today and marked as fraud'),
  ordersTodayActive: f.count('orders_today_active', 'Orders placed today and accepted'),
  ordersTodayTotal: f.count('orders_today_total', 'Orders placed today'),
  ordersYesterdayCancelled: f.count('orders_yesterday_cancelled', 'Orders placed yesterday and cancelled'),
  ordersYesterdayPending: f.count('orders_yesterday_pending', 'Orders placed yesterday and pending'),
  ordersYesterdayFraud: f.count('orders_yesterday_fraud', 'Orders placed yesterday and marked as fraud'),
  ordersYesterdayActive: f.count('orders_yesterday_active', 'Orders placed yesterday and accepted'),
  ordersYesterdayTotal: f.count('orders_yesterday_total', 'Orders placed yesterday'),
  ordersThisMonthTotal: f.count('orders_thismonth_total', 'Orders placed this month'),
  ordersThisYearTotal: f.count('orders_thisyear_total', 'Orders placed this year'),
  ticketsAllActive: f.count('tickets_allactive', 'Tickets in any active status'),
  ticketsAwaitingReply: f.count('tickets_awaitingreply', 'Tickets waiting for a reply from staff'),
  ticketsFlaggedTickets: f.count('tickets_flaggedtickets', 'Active tickets flagged to the admin of the service\'s WHMCS credentials'),
  ticketsOpen: f.count('tickets_open', 'Tickets in the Open status'),
  ticketsAnswered: f.count('tickets_answered', 'Tickets in the Answered status'),
  ticketsCustomerReply: f.count('tickets_customerreply', 'Tickets in the Customer-Reply status'),
  ticketsClosed: f.count('tickets_closed', 'Tickets in the Closed status'),
  ticketsOnHold: f.count('tickets_onhold', 'Tickets in the On Hold status'),
  ticketsInProgress: f.count('tickets_inprogress', 'Tickets in the In Progress status'),
  cancellationsPending: f.count('cancellations_pending', 'Cancellation requests not yet carried out'),
  todoItemsDue: f.count('todoitems_due', 'To-do items due'),
  networkIssuesOpen: f.count('networkissues_open', 'Open network issues'),
  billableItemsUninvoiced: f.count('billableitems_uninvoiced', 'Billable items not yet invoiced'),
  quotesValid: f.count('quotes_valid', 'Quotes still valid'),
  staffOnline: f.count('staff_online', 'Staff members online'),
  timeline: f.custom('timeline_data', Type.Array(ref(StatsDay), {
    maxItems: MAX_TIMELINE_DAYS, description: 'One entry per day, oldest first; present when asked for with `timelineDays`'
  }), readTimeline)
})

export const STATS_KEYS = Object.keys(statsFields.fields).filter((k) => k !== 'timeline') as Array<Exclude<keyof typeof statsFields.fields, 'timeline'>>

export const Stats = component('Stats', Type.Object(statsFields.properties(STATS_KEYS, ['timeline']), {
  description: 'Business figures of the WHMCS installation', additionalProperties: false
}))

export const StatsQuery = Type.Object({
  timelineDays: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: MAX_TIMELINE_DAYS, description: 'Also answer the daily figures of this many days, up to today (1-90)', examples: [7] }))
}, { additionalProperties: false })

// ---------------------------------------------------------------- configuration

const settingName = Type.String({ pattern: SETTING_NAME, minLength: 1, maxLength: 64, description: 'The name of a WHMCS general setting, as WHMCS spells it', examples: ['SystemURL'] })
const settingValue = Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The setting\'s value; WHMCS keeps every value as text', examples: ['https://billing.example.com/'] })

export const SettingPath = Type.Object({ setting: settingName }, { additionalProperties: false })

export const ConfigurationValue = component('ConfigurationValue', Type.Object({
  setting: settingName,
  value: settingValue
}, { description: 'A WHMCS general setting and its value', additionalProperties: false }))

export const ConfigurationValueUpdate = component('ConfigurationValueUpdate', Type.Object({
  value: { ...settingValue, description: 'The new value; an empty text clears the setting' }
}, { description: 'A new value for a WHMCS general setting', additionalProperties: false, examples: [{ value: 'https://billing.example.com/' }] }))

export const ConfigurationValueSet = component('ConfigurationValueSet', Type.Object({
  setting: settingName,
  value: settingValue,
  changed: Type.Boolean({ description: 'Whether the value differs from the one the setting had' })
}, { description: 'A WHMCS general setting after it was set', additionalProperties: false }))

// ---------------------------------------------------------------- activity log

export const activityFields = defineMapping({
  id: f.id('id', 'Entry id'),
  // Before WHMCS 8.0 the client id was answered as `userid`.
  clientId: f.ref('clientId', 'Client account the entry is about; null for none', { aliases: ['userid'] }),
  userId: f.ref('userId', 'User who acted; null for none'),
  adminId: f.ref('adminId', 'Admin who acted; null for none'),
  date: f.dateTime('date', 'When it happened, in WHMCS\'s local time'),
  description: f.text('description', 'What happened', { examples: ['Client Profile Modified - User ID: 5'] }),
  username: f.text('username', 'The admin username, or the email address of the client or user who acted', { maxLength: LINE_MAX, examples: ['admin'] }),
  ipAddress: f.text('ipaddress', 'The address the action came from; empty for the system', { maxLength: IP_MAX, examples: ['198.51.100.10'] })
})

export const ActivityLogEntry = component('ActivityLogEntry', Type.Object(activityFields.properties(Object.keys(activityFields.fields) as Array<keyof typeof activityFields.fields>), {
  description: 'An entry of WHMCS\'s activity log', additionalProperties: false
}))

export const ActivityLogList = listOf('ActivityLogList', ActivityLogEntry, 'A page of the activity log, newest first')

export const ActivityLogQuery = {
  clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only entries about this client account', examples: [5] })),
  date: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'Only entries of this day', examples: ['2026-11-28'] })),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Only entries by this admin username, or this client\'s or user\'s email address', examples: ['admin'] })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Only entries whose description contains this text', examples: ['Profile Modified'] })),
  ipAddress: Type.Optional(Type.String({ minLength: 1, maxLength: IP_MAX, description: 'Only entries from this address', examples: ['198.51.100.10'] }))
}

// ---------------------------------------------------------------- emails

export const EMAIL_TYPES = ['general', 'product', 'domain', 'invoice', 'support', 'affiliate'] as const
const CUSTOM_VARS_MAX = 100

export const EmailSend = component('EmailSend', Type.Object({
  messageName: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'The name of an email template to send; or give `customType` for a message of your own', examples: ['Client Signup Email'] })),
  relatedId: Type.Integer({
    ...int32(1),
    description: 'The record the email is about, by the template\'s type: a client id (general), service id (product), domain id, invoice id, ticket id (support) or affiliate id',
    examples: [1]
  }),
  customType: Type.Optional(Type.Enum(EMAIL_TYPES, { type: 'string', description: 'The type of a custom message, which says what `relatedId` is' })),
  customSubject: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'The subject of a custom message', examples: ['Your account'] })),
  customMessage: Type.Optional(Type.String({ minLength: 1, maxLength: WHMCS_TEXT_MAX, description: 'The HTML body of a custom message; `{$name}` is replaced by a custom variable', examples: ['<p>Hello {$first_name}</p>'] })),
  customVars: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$' }), Type.String({ maxLength: WHMCS_TEXT_MAX }), {
    maxProperties: CUSTOM_VARS_MAX, description: `Template variables by name (at most ${CUSTOM_VARS_MAX}), for a template or a custom message`
  }))
}, {
  description: 'An email to a client: a template by name, or a custom message with `customType`, `customSubject` and `customMessage`',
  additionalProperties: false,
  examples: [{ messageName: 'Client Signup Email', relatedId: 1 }]
}))

// ---------------------------------------------------------------- currencies

export const currencyFields = defineMapping({
  id: f.id('id', 'Currency id'),
  code: f.text('code', 'ISO 4217 code', { maxLength: 3, examples: ['USD'] }),
  prefix: f.text('prefix', 'Printed before amounts', { maxLength: 16, examples: ['$'] }),
  suffix: f.text('suffix', 'Printed after amounts', { maxLength: 16, examples: [' USD'] }),
  format: f.custom('format', Type.Integer({ format: 'int32', minimum: 1, maximum: 4, description: 'How amounts are written: 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234', examples: [2] }),
    (v) => Math.min(4, Math.max(1, toInt(v, 'format') ?? 1))),
  rate: f.money('rate', 'Exchange rate against the default currency', { examples: ['0.92000'] })
})

export const Currency = component('Currency', Type.Object(currencyFields.properties(Object.keys(currencyFields.fields) as Array<keyof typeof currencyFields.fields>), {
  description: 'A currency configured in WHMCS', additionalProperties: false
}))

export const CurrencyList = listOf('CurrencyList', Currency, 'A page of the configured currencies')
