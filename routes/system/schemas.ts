// /system's WHMCS side and schemas: installation details, business statistics and general settings.
import { Type, type Static } from 'typebox'
import { SETTING_NAME } from '../../src/config.js'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import { toFormattedMoney, toInt, toMoney } from '../../src/whmcs/normalize.js'
import { component, int32, ref } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    WhmcsDetails: {
      params: Record<string, never>
      result: { whmcs?: { version?: Loose, canonicalversion?: Loose } }
    }
    GetStats: {
      params: { timeline_days?: Int }
      result: Record<string, Loose> & { timeline_data?: Loose }
    }
    GetConfigurationValue: {
      params: { setting: string }
      result: { setting?: Loose, value?: Loose }
    }
    SetConfigurationValue: {
      params: { setting: string, value: string }
      result: { value_changed?: Loose }
    }
  }
}

/** The longest textual IP address (IPv6 with an embedded IPv4 address). */
export const IP_MAX = 45

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
