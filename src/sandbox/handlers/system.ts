// System actions: WhmcsDetails, GetStats, GetConfigurationValue, SetConfigurationValue,
// GetActivityLog, SendEmail, GetCurrencies; and the activity log entry that every write leaves
// (written by the dispatcher, see logWrite).

import { ActionError, type Params } from '../protocol/params.js'
import { decodeSerializedFields } from '../protocol/php.js'
import { WHMCS_VERSION } from '../protocol/render.js'
import { CURRENCIES, convertToDefault, defaultCurrency, formatMoney } from '../store/currencies.js'
import type { Store } from '../store/index.js'
import { EMAIL_TYPES, type EmailType } from '../store/system.js'
import { formatCents, isoDate, isoDateTime } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

// ---------------------------------------------------------------- GetStats

/**
 * What GetStats counts, gathered from the other stores: payments from the transactions, orders,
 * tickets and quotes. The sandbox keeps no cancellation requests, to-do items, network issues or
 * billable items, so those count zero, as on a fresh install.
 */
export interface StatsFacts {
  /** Payments received less fees, in the default currency's cents; dates 'YYYY-MM-DD[ HH:MM:SS]'. */
  income: Array<{ date: string, cents: number }>
  /** Money paid out (refunds), in the default currency's cents. */
  expenditure: Array<{ date: string, cents: number }>
  /** Status: Pending, Active, Cancelled or Fraud. */
  orders: Array<{ date: string, status: string }>
  /** Status: Open, Answered, Customer-Reply, On Hold, In Progress or Closed. */
  tickets: Array<{ date: string, status: string, flagged: boolean }>
  cancellationsPending: number
  todoItemsDue: number
  networkIssuesOpen: number
  billableItemsUninvoiced: number
  quotesValid: number
  staffOnline: number
}

/** The admin whose API credential calls: the sandbox has one. */
const CALLING_ADMIN_ID = 1
/** Quote stages still open to the client. */
const OPEN_QUOTE_STAGES = new Set(['Draft', 'Delivered', 'On Hold'])

/** The facts of the sandbox's stores, on the day `today` ('YYYY-MM-DD'). */
export function statsFacts (store: Store, today: string): StatsFacts {
  return {
    // Each payment less its fees, converted at its currency's rate as WHMCS does.
    income: store.transactions.all().map(t => ({
      date: t.date,
      cents: convertToDefault(t.amountInCents - t.feesCents, store.clients.get(t.clientId)?.currency ?? defaultCurrency().id)
    })),
    // The sandbox's gateways make no refunds, so nothing is paid out.
    expenditure: [],
    orders: store.orders.all().map(o => ({ date: o.date, status: o.status })),
    tickets: store.tickets.all().map(t => ({ date: t.date, status: t.status, flagged: t.flag === CALLING_ADMIN_ID })),
    cancellationsPending: 0,
    todoItemsDue: 0,
    networkIssuesOpen: 0,
    billableItemsUninvoiced: 0,
    quotesValid: store.quotes.filter(q => OPEN_QUOTE_STAGES.has(q.stage) && q.validUntil >= today).length,
    staffOnline: 1
  }
}

/** WHMCS caps the timeline at 90 days. */
const MAX_TIMELINE_DAYS = 90
const ACTIVE_TICKET = new Set(['open', 'answered', 'customer-reply', 'on hold', 'in progress'])
const AWAITING_REPLY = new Set(['open', 'customer-reply'])

function getStats ({ params, store, now }: ActionContext): JsonObject {
  const today = now()
  const day = (offset: number): string => isoDate(new Date(today.getTime() - offset * 86_400_000))
  const [todayText, yesterdayText] = [day(0), day(1)]
  const facts = statsFacts(store, todayText)
  const [month, year] = [todayText.slice(0, 7), todayText.slice(0, 4)]
  const sum = (rows: Array<{ date: string, cents: number }>, prefix: string): number =>
    rows.filter(r => r.date.startsWith(prefix)).reduce((total, r) => total + r.cents, 0)
  const money = (cents: number): string => formatMoney(cents, defaultCurrency().id)
  const orders = (prefix: string, status?: string): number =>
    facts.orders.filter(o => o.date.startsWith(prefix) && (status === undefined || o.status === status)).length
  const tickets = (test: (t: StatsFacts['tickets'][number]) => boolean): number => facts.tickets.filter(test).length
  const status = (t: { status: string }): string => t.status.toLowerCase()

  const answer: JsonObject = {
    result: 'success',
    income_today: money(sum(facts.income, todayText)),
    income_thismonth: money(sum(facts.income, month)),
    income_thisyear: money(sum(facts.income, year)),
    income_alltime: money(sum(facts.income, '')),
    orders_pending: facts.orders.filter(o => o.status === 'Pending').length,
    orders_today_cancelled: orders(todayText, 'Cancelled'),
    orders_today_pending: orders(todayText, 'Pending'),
    orders_today_fraud: orders(todayText, 'Fraud'),
    orders_today_active: orders(todayText, 'Active'),
    orders_today_total: orders(todayText),
    orders_yesterday_cancelled: orders(yesterdayText, 'Cancelled'),
    orders_yesterday_pending: orders(yesterdayText, 'Pending'),
    orders_yesterday_fraud: orders(yesterdayText, 'Fraud'),
    orders_yesterday_active: orders(yesterdayText, 'Active'),
    orders_yesterday_total: orders(yesterdayText),
    orders_thismonth_total: orders(month),
    orders_thisyear_total: orders(year),
    tickets_allactive: tickets(t => ACTIVE_TICKET.has(status(t))),
    tickets_awaitingreply: tickets(t => AWAITING_REPLY.has(status(t))),
    tickets_flaggedtickets: tickets(t => t.flagged && status(t) !== 'closed'),
    tickets_open: tickets(t => status(t) === 'open'),
    tickets_answered: tickets(t => status(t) === 'answered'),
    tickets_customerreply: tickets(t => status(t) === 'customer-reply'),
    tickets_closed: tickets(t => status(t) === 'closed'),
    tickets_onhold: tickets(t => status(t) === 'on hold'),
    tickets_inprogress: tickets(t => status(t) === 'in progress'),
    cancellations_pending: facts.cancellationsPending,
    todoitems_due: facts.todoItemsDue,
    networkissues_open: facts.networkIssuesOpen,
    billableitems_uninvoiced: facts.billableItemsUninvoiced,
    quotes_valid: facts.quotesValid,
    staff_online: facts.staffOnline
  }
  const days = Math.min(MAX_TIMELINE_DAYS, params.int('timeline_days') ?? 0)
  if (days > 0) {
    // An object of metric → { date → value }, newest date first, whatever the docs' table says.
    const series = <T>(value: (date: string) => T): Record<string, T> =>
      Object.fromEntries(Array.from({ length: days }, (_, i) => day(i)).map(date => [date, value(date)]))
    answer.timeline_data = {
      new_orders: series(date => orders(date)),
      accepted_orders: series(date => orders(date, 'Active')),
      income: series(date => formatCents(sum(facts.income, date))),
      expenditure: series(date => formatCents(sum(facts.expenditure, date))),
      new_tickets: series(date => tickets(t => t.date.startsWith(date)))
    }
  }
  return answer
}

// ---------------------------------------------------------------- settings

function settingNamed (params: Params, store: Store): { name: string, value: string } {
  const name = params.text('setting')
  if (name === '') throw new ActionError('Parameter setting is required')
  const setting = store.settings.get(name)
  if (setting === undefined) throw new ActionError('Invalid name for parameter setting')
  return setting
}

function getConfigurationValue ({ params, store }: ActionContext): JsonObject {
  const setting = settingNamed(params, store)
  return { result: 'success', setting: setting.name, value: setting.value }
}

function setConfigurationValue ({ params, store }: ActionContext): JsonObject {
  const setting = settingNamed(params, store)
  // The value must be sent; sent empty, it clears the setting.
  const value = params.str('value')
  if (value === undefined) throw new ActionError('Parameter value is required')
  const changed = setting.value !== value
  setting.value = value
  return { result: 'success', value_changed: changed ? 'true' : 'false' }
}

// ---------------------------------------------------------------- activity log

/** Reads a date typed in the install's DateFormat setting ('DD/MM/YYYY'...) as 'YYYY-MM-DD'. */
export function readLocalDate (text: string, format: string): string | undefined {
  const parts = text.trim().split(/[/.-]/)
  const order = format.toUpperCase().split(/[/.-]/)
  if (parts.length !== 3 || order.length !== 3) return undefined
  const at = (unit: string): string => parts[order.indexOf(unit)] ?? ''
  const [y, m, d] = [at('YYYY'), at('MM'), at('DD')]
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return undefined
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

function getActivityLog ({ params, store }: ActionContext): JsonObject {
  const limitStart = Math.max(0, params.int('limitstart') ?? 0)
  const limitNumRaw = params.int('limitnum') ?? 25
  const limitNum = limitNumRaw > 0 ? limitNumRaw : 25
  const clientId = params.int('clientid') ?? params.int('userid')
  const dateText = params.text('date')
  const date = dateText === '' ? undefined : readLocalDate(dateText, store.settings.value('DateFormat', 'DD/MM/YYYY'))
  const optional = (name: string): string | undefined => params.text(name) === '' ? undefined : params.text(name)
  const matches = dateText !== '' && date === undefined
    ? [] // a date that cannot be read matches nothing
    : store.activity.query({
      clientId: clientId !== undefined && clientId > 0 ? clientId : undefined,
      date,
      username: optional('user'),
      description: optional('description'),
      ipaddress: optional('ipaddress')
    })
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: matches.length,
    startnumber: limitStart,
    activity: {
      entry: page.map(e => ({
        id: e.id,
        clientId: e.clientId,
        userId: e.userId,
        adminId: e.adminId,
        date: e.date,
        description: e.description,
        username: e.username,
        ipaddress: e.ipaddress,
        // Before 8.0 the client id was answered as `userid`; WHMCS still sends it.
        userid: e.clientId
      }))
    }
  }
}

/** The first positive integer among an answer's and a request's client id fields. */
function clientOf (params: Params, answer: JsonObject): number {
  for (const value of [answer.clientid, params.str('clientid'), params.str('client_id'), params.str('userid')]) {
    const n = typeof value === 'number' ? value : Number(value ?? '')
    if (Number.isSafeInteger(n) && n > 0) return n
  }
  return 0
}

/**
 * The activity log entry of a write that succeeded, made by the dispatcher for every action it
 * does not know to be a read, so each resource group is logged without code of its own.
 */
export function logWrite ({ params, store, now }: ActionContext, action: string, answer: JsonObject, ipaddress: string): void {
  const clientId = clientOf(params, answer)
  const userId = Number(params.str('user_id') ?? answer.user_id ?? 0)
  store.activity.insert({
    clientId,
    userId: Number.isSafeInteger(userId) && userId > 0 ? userId : 0,
    adminId: 1,
    date: isoDateTime(now()),
    description: `API Call: ${action}${clientId > 0 ? ` - Client ID: ${clientId}` : ''}`,
    username: 'admin',
    ipaddress
  })
}

// ---------------------------------------------------------------- email

/** Whether the record an email is about exists: the kind of record follows the template's type. */
export function relatedRecordExists (store: Store, type: EmailType, id: number): boolean {
  switch (type) {
    case 'general': return store.clients.get(id) !== undefined
    case 'product': return store.services.get(id) !== undefined
    case 'domain': return store.domains.get(id) !== undefined
    case 'invoice': return store.invoices.get(id) !== undefined
    case 'support': return store.tickets.get(id) !== undefined
    case 'affiliate': return store.affiliates.get(id) !== undefined
  }
}

function fillVariables (text: string, vars: Map<string, string>): string {
  return text.replace(/\{\$([A-Za-z0-9_]+)\}/g, (whole, name: string) => vars.get(name) ?? whole)
}

function sendEmail ({ params, store, now }: ActionContext): JsonObject {
  const name = params.text('messagename')
  const customType = params.text('customtype')
  if (name === '' && customType === '') {
    throw new ActionError('You must provide either an existing email template name or a custom message type')
  }
  let vars = new Map<string, string>()
  const rawVars = params.str('customvars')
  if (rawVars !== undefined && rawVars !== '') {
    const decoded = decodeSerializedFields(rawVars)
    if (decoded === undefined) throw new ActionError('The custom variables you provided are invalid.')
    vars = decoded
  }
  let type: EmailType
  let subject: string
  let message = ''
  let templateName = ''
  if (name !== '') {
    const template = store.emailTemplates.findByName(name)
    // Templates WHMCS only sends itself cannot be sent through the API.
    if (template === undefined || template.systemOnly) throw new ActionError('Email Template not found')
    if (template.disabled) throw new ActionError('Email Template is disabled')
    type = template.type
    subject = template.subject
    templateName = template.name
  } else {
    const custom = EMAIL_TYPES.find(t => t === customType.toLowerCase())
    if (custom === undefined) throw new ActionError('Invalid message type provided')
    subject = params.text('customsubject')
    message = params.text('custommessage')
    if (subject === '') throw new ActionError('A subject is required for a custom message')
    if (message === '') throw new ActionError('A message body is required for a custom message')
    type = custom
  }
  const relatedId = params.int('id') ?? 0
  if (relatedId <= 0) throw new ActionError('A related ID is required')
  if (!relatedRecordExists(store, type, relatedId)) throw new ActionError('Sending Failed. Please see documentation.')
  store.emails.insert({
    template: templateName,
    type,
    relatedId,
    subject: fillVariables(subject, vars),
    message: fillVariables(message, vars),
    date: isoDateTime(now())
  })
  return { result: 'success' }
}

// ---------------------------------------------------------------- currencies

function getCurrencies (): JsonObject {
  return {
    result: 'success',
    totalresults: CURRENCIES.length,
    currencies: {
      currency: CURRENCIES.map(c => ({ id: c.id, code: c.code, prefix: c.prefix, suffix: c.suffix, format: String(c.format), rate: c.rate }))
    }
  }
}

export const systemHandlers: HandlerGroup = {
  WhmcsDetails: () => ({
    result: 'success',
    whmcs: { version: WHMCS_VERSION, canonicalversion: `${WHMCS_VERSION}-release.1` }
  }),
  GetStats: getStats,
  GetConfigurationValue: getConfigurationValue,
  SetConfigurationValue: setConfigurationValue,
  GetActivityLog: getActivityLog,
  SendEmail: sendEmail,
  GetCurrencies: getCurrencies
}
