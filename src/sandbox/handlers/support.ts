// Support actions: GetTickets, GetTicket, OpenTicket, UpdateTicket, DeleteTicket,
// AddTicketReply, GetSupportDepartments.
//
// Answers copy WHMCS's typing: every id is a string (GetTickets' totalresults too), flags and
// attachments_removed are JSON booleans, and a message without attachments shows `[[]]`. The
// ticket's opening message is the first entry of `replies` (replyid "0").

import { createHash } from 'node:crypto'
import { paging, ActionError, type Params } from '../protocol/params.js'
import { decodeSerializedFields } from '../protocol/php.js'
import { API_ADMIN_ID, adminName, findAdminByUsername } from '../store/admins.js'
import type { ClientRecord } from '../store/clients.js'
import type { Store } from '../store/index.js'
import {
  AWAITING_REPLY_STATUSES, DEPARTMENTS, TICKET_PRIORITIES, TICKET_STATUSES, findDepartment,
  type AttachmentRecord, type Author, type TicketPriority, type TicketRecord, type TicketStatus
} from '../store/support.js'
import { isoDateTime, isValidEmail } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

// ---------------------------------------------------------------- input helpers

function pick<T extends string> (values: readonly T[], text: string): T | undefined {
  return values.find(v => v.toLowerCase() === text.trim().toLowerCase())
}

/**
 * A `created` parameter: 'YYYY-MM-DD HH:MM:SS' (WHMCS's local time, UTC in the sandbox) or
 * ISO 8601 with an optional offset. Undefined when absent; throws WHMCS's errors otherwise.
 */
function createdDate (params: Params, now: Date, futureMessage: string): string | undefined {
  const text = params.text('created')
  if (text === '') return undefined
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text)
  if (m === null) throw new ActionError('Invalid Date Format')
  const [, y, mo, d, h, mi, s, zone] = m
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const date = new Date(ms)
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new ActionError('Invalid Date Format')
  }
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  if (ms > now.getTime()) throw new ActionError(futureMessage)
  return isoDateTime(new Date(ms))
}

/** A random-looking but deterministic text from a seed: WHMCS's random ticket masks and codes. */
function derived (seed: string, alphabet: string, length: number): string {
  const bytes = createHash('sha256').update(seed).digest()
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length]
  return out
}

/** A ticket number in the mask %A%A%A-%n%n%n%n%n%n, unused so far. */
function newTicketNumber (store: Store, id: number): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const seed = `whmcs-sandbox-ticket-${id}-${attempt}`
    const tid = `${derived(seed, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3)}-${derived(seed + '#', '0123456789', 6)}`
    if (store.tickets.findByNumber(tid) === undefined) return tid
  }
  throw new ActionError('Unable to generate ticket number')
}

/**
 * The `attachments` parameter: base64 of a JSON list of { name, data: base64 }. Like WHMCS, an
 * unreadable value attaches nothing; each stored file gets a random prefix.
 */
function attachmentsFrom (params: Params, seed: string): AttachmentRecord[] {
  const raw = params.str('attachments')
  if (raw === undefined || raw === '') return []
  let list: unknown
  try {
    list = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'))
  } catch {
    return []
  }
  if (!Array.isArray(list)) return []
  const files: AttachmentRecord[] = []
  list.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) return
    const { name, data } = item as Record<string, unknown>
    if (typeof name !== 'string' || typeof data !== 'string' || name.trim() === '') return
    const filename = name.trim().replace(/[/\\]/g, '_')
    const prefix = derived(`${seed}-${i}`, '0123456789', 6)
    files.push({ filename, stored: `${prefix}_${filename}`, size: Buffer.from(data, 'base64').length })
  })
  return files
}

function customFieldsFrom (params: Params): Record<string, string> | undefined {
  const raw = params.str('customfields')
  if (raw === undefined || raw === '') return undefined
  const decoded = decodeSerializedFields(raw)
  return decoded === undefined ? undefined : Object.fromEntries(decoded)
}

function clientById (store: Store, id: number | undefined): ClientRecord | undefined {
  return id === undefined || id <= 0 ? undefined : store.clients.get(id)
}

// ---------------------------------------------------------------- presentation

interface Requestor {
  name: string
  email: string
  type: string
}

/** Who a ticket or reply is from, in WHMCS 8's words. */
function requestorOf (store: Store, author: Author): Requestor {
  if (author.adminName !== '') return { name: author.adminName, email: '', type: 'Operator' }
  const client = store.clients.get(author.clientId)
  if (client === undefined) return { name: author.name, email: author.email, type: 'Guest' }
  const contact = author.contactId > 0 ? store.contacts.get(author.contactId) : undefined
  if (contact !== undefined) return { name: `${contact.firstname} ${contact.lastname}`, email: contact.email, type: 'Sub-Account' }
  const user = author.userId > 0 ? store.users.get(author.userId) : undefined
  if (user !== undefined) {
    const owner = user.clients.some(c => c.clientId === client.id && c.owner)
    return { name: `${user.firstname} ${user.lastname}`, email: user.email, type: owner ? 'Owner' : 'Authorized User' }
  }
  return { name: `${client.firstname} ${client.lastname}`, email: client.email, type: 'Owner' }
}

/** A ticket's and its opening message's requestor fields. */
function requestorFields (who: Requestor): JsonObject {
  return { name: who.name, email: who.email, requestor_name: who.name, requestor_email: who.email, requestor_type: who.type }
}

function attachmentList (files: readonly AttachmentRecord[]): Json[] {
  // WHMCS prints "no attachments" as a list holding an empty list.
  return files.length === 0 ? [[]] : files.map((f, index) => ({ filename: f.filename, index }))
}

function attachmentText (files: readonly AttachmentRecord[]): string {
  return files.map(f => f.stored).join('|')
}

function ticketSummary (store: Store, ticket: TicketRecord): JsonObject {
  const who = requestorOf(store, ticket)
  return {
    id: String(ticket.id),
    tid: ticket.tid,
    deptid: String(ticket.deptId),
    userid: String(ticket.clientId),
    name: who.name,
    owner_name: ticket.clientId > 0 ? requestorOf(store, { ...ticket, contactId: 0, userId: 0 }).name : '',
    email: who.email,
    requestor_name: who.name,
    requestor_email: who.email,
    requestor_type: who.type,
    cc: ticket.cc,
    c: ticket.c,
    date: ticket.date,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    admin: ticket.adminName,
    attachment: attachmentText(ticket.attachments),
    attachments: attachmentList(ticket.attachments),
    attachments_removed: ticket.attachmentsRemoved,
    lastreply: ticket.lastReply,
    flag: String(ticket.flag),
    service: ticket.service
  }
}

function ticketDetails (store: Store, ticket: TicketRecord, descending: boolean): JsonObject {
  const who = requestorOf(store, ticket)
  const opening: JsonObject = {
    replyid: '0',
    userid: String(ticket.clientId),
    contactid: String(ticket.contactId),
    ...requestorFields(who),
    date: ticket.date,
    message: ticket.message,
    attachment: attachmentText(ticket.attachments),
    attachments: attachmentList(ticket.attachments),
    attachments_removed: ticket.attachmentsRemoved,
    admin: ticket.adminName
  }
  const replies: JsonObject[] = store.ticketReplies.ofTicket(ticket.id).map(reply => {
    const from = requestorOf(store, reply)
    const guest = reply.adminName === '' && reply.clientId === 0
    return {
      replyid: String(reply.id),
      // WHMCS fills in the ticket's client on staff replies too.
      userid: String(reply.adminName !== '' ? ticket.clientId : reply.clientId),
      contactid: String(reply.contactId),
      name: guest ? reply.name : '',
      email: guest ? reply.email : '',
      requestor_name: from.name,
      requestor_email: from.email,
      requestor_type: from.type,
      date: reply.date,
      message: reply.message,
      attachment: attachmentText(reply.attachments),
      attachments: attachmentList(reply.attachments),
      attachments_removed: reply.attachmentsRemoved,
      admin: reply.adminName,
      rating: String(reply.rating)
    }
  })
  const conversation = [opening, ...replies]
  if (descending) conversation.reverse()
  const department = findDepartment(ticket.deptId)
  return {
    result: 'success',
    ticketid: String(ticket.id),
    tid: ticket.tid,
    c: ticket.c,
    deptid: String(ticket.deptId),
    deptname: department?.name ?? '',
    userid: String(ticket.clientId),
    contactid: String(ticket.contactId),
    ...requestorFields(who),
    cc: ticket.cc,
    date: ticket.date,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    admin: ticket.adminName,
    lastreply: ticket.lastReply,
    flag: String(ticket.flag),
    service: ticket.service,
    replies: { reply: conversation },
    notes: {
      note: store.ticketNotes.ofTicket(ticket.id).map(note => ({
        noteid: String(note.id),
        date: note.date,
        message: note.message,
        attachment: attachmentText(note.attachments),
        attachments: attachmentList(note.attachments),
        attachments_removed: note.attachmentsRemoved,
        admin: note.adminName
      }))
    }
  }
}

// ---------------------------------------------------------------- actions

/** Departments the API's admin may see. */
function visibleDepartments (params: Params): Set<number> {
  const all = params.bool('ignore_dept_assignments') === true
  return new Set(DEPARTMENTS.filter(d => all || d.apiAdminAssigned).map(d => d.id))
}

function statusFilter (text: string): ((ticket: TicketRecord) => boolean) | undefined {
  if (text === '') return undefined
  switch (text.toLowerCase()) {
    case 'awaiting reply': return t => AWAITING_REPLY_STATUSES.includes(t.status)
    case 'all active tickets': return t => t.status !== 'Closed'
    case 'my flagged tickets': return t => t.flag === API_ADMIN_ID
  }
  const status = pick(TICKET_STATUSES, text)
  return t => t.status === status
}

function getTickets ({ params, store }: ActionContext): JsonObject {
  const { start: limitStart, num: limitNum } = paging(params)
  const departments = visibleDepartments(params)
  const deptId = params.int('deptid') ?? 0
  const clientId = params.int('clientid') ?? 0
  const email = params.text('email').toLowerCase()
  const subject = params.text('subject').toLowerCase()
  const status = statusFilter(params.text('status'))
  const matches = store.tickets.filter(t =>
    departments.has(t.deptId) &&
    (deptId <= 0 || t.deptId === deptId) &&
    (clientId <= 0 || t.clientId === clientId) &&
    (email === '' || t.email.toLowerCase() === email) &&
    (subject === '' || t.subject.toLowerCase().includes(subject)) &&
    (status === undefined || status(t))
  ).sort((a, b) => b.lastReply.localeCompare(a.lastReply) || b.id - a.id)
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: String(matches.length),
    startnumber: limitStart,
    numreturned: page.length,
    tickets: { ticket: page.map(t => ticketSummary(store, t)) }
  }
}

function getTicket ({ params, store }: ActionContext): JsonObject {
  const number = params.text('ticketnum')
  const id = params.int('ticketid') ?? 0
  const ticket = number !== '' ? store.tickets.findByNumber(number) : id > 0 ? store.tickets.get(id) : undefined
  if (ticket === undefined) throw new ActionError('Ticket ID Not Found')
  return ticketDetails(store, ticket, params.text('repliessort').toUpperCase() === 'DESC')
}

/** The author of a new ticket or reply from clientid/contactid, or undefined for a guest. */
function clientAuthor (params: Params, store: Store): { client: ClientRecord, contactId: number } | undefined {
  if (params.text('clientid') === '') return undefined
  const client = clientById(store, params.int('clientid'))
  if (client === undefined) throw new ActionError('Client ID Not Found')
  const contactId = params.int('contactid') ?? 0
  if (contactId > 0 && store.contacts.get(contactId)?.clientId !== client.id) throw new ActionError('Contact ID Not Found')
  return { client, contactId: Math.max(0, contactId) }
}

/** Name and email of someone without an account: both required, the email valid. */
function guestAuthor (params: Params): { name: string, email: string } {
  const name = params.text('name')
  const email = params.text('email')
  if (name === '' || email === '') throw new ActionError('Name and email address are required if not a client')
  if (!isValidEmail(email)) throw new ActionError('Email Address Invalid')
  return { name, email }
}

function openTicket ({ params, store, now }: ActionContext): JsonObject {
  const department = findDepartment(params.int('deptid') ?? 0)
  if (department === undefined) throw new ActionError('Department ID not found')
  const author = clientAuthor(params, store)
  let userId = 0
  if (author !== undefined && params.text('userid') !== '') {
    userId = params.int('userid') ?? 0
    const user = store.users.get(userId)
    if (user === undefined || !user.clients.some(c => c.clientId === author.client.id)) {
      throw new ActionError('The system cannot find the provided user ID.')
    }
  }
  const guest = author === undefined ? guestAuthor(params) : undefined
  const subject = params.text('subject')
  if (subject === '') throw new ActionError('Subject is required')
  const message = params.text('message')
  if (message === '') throw new ActionError('Message is required')
  const today = now()
  const date = createdDate(params, today, 'Ticket creation date cannot be in the future') ?? isoDateTime(today)
  const serviceId = params.int('serviceid') ?? 0
  const domainId = params.int('domainid') ?? 0
  const preventClientClosure = params.bool('preventClientClosure')

  const ticket = store.tickets.insert({
    tid: '',
    c: '',
    deptId: department.id,
    clientId: author?.client.id ?? 0,
    contactId: userId > 0 ? 0 : author?.contactId ?? 0,
    userId,
    name: guest?.name ?? '',
    email: guest?.email ?? '',
    adminName: '',
    cc: '',
    date,
    subject,
    message,
    status: 'Open',
    priority: pick(TICKET_PRIORITIES, params.text('priority')) ?? 'Low',
    lastReply: date,
    flag: 0,
    service: serviceId > 0 ? `S${serviceId}` : domainId > 0 ? `D${domainId}` : '',
    preventClientClosure: preventClientClosure ?? department.preventClientClosure,
    markdown: params.bool('markdown') === true,
    customFields: customFieldsFrom(params) ?? {},
    attachments: [],
    attachmentsRemoved: false
  })
  try {
    ticket.tid = newTicketNumber(store, ticket.id)
  } catch (err) {
    store.tickets.delete(ticket.id)
    throw err
  }
  ticket.c = derived(`whmcs-sandbox-ticket-access-${ticket.id}`, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 8)
  ticket.attachments = attachmentsFrom(params, `ticket-${ticket.id}`)
  return { result: 'success', id: String(ticket.id), tid: ticket.tid, c: ticket.c }
}

function updateTicket ({ params, store, now }: ActionContext): JsonObject {
  const ticket = store.tickets.get(params.int('ticketid') ?? 0)
  if (ticket === undefined) throw new ActionError('Ticket ID Not Found')
  // Validate everything first: a failed update changes nothing.
  let deptId: number | undefined
  if (params.text('deptid') !== '') {
    deptId = findDepartment(params.int('deptid') ?? 0)?.id
    if (deptId === undefined) throw new ActionError('Department ID Not Found')
  }
  let status: TicketStatus | undefined
  if (params.text('status') !== '') {
    status = pick(TICKET_STATUSES, params.text('status'))
    if (status === undefined) throw new ActionError(`Invalid Ticket Status. Valid statuses are: ${TICKET_STATUSES.join(',')}`)
  }
  let priority: TicketPriority | undefined
  if (params.text('priority') !== '') {
    priority = pick(TICKET_PRIORITIES, params.text('priority'))
    if (priority === undefined) throw new ActionError(`Invalid Ticket Priority. Valid priorities are: ${TICKET_PRIORITIES.join(',')}`)
  }
  const created = createdDate(params, now(), 'Ticket creation date cannot be in the future')

  if (deptId !== undefined) ticket.deptId = deptId
  if (status !== undefined) ticket.status = status
  if (priority !== undefined) ticket.priority = priority
  if (created !== undefined) ticket.date = created
  for (const key of ['subject', 'name', 'email', 'cc', 'message'] as const) {
    const value = params.str(key)
    if (value !== undefined && (value !== '' || key === 'cc')) ticket[key] = value
  }
  const userId = params.int('userid')
  if (userId !== undefined && userId >= 0) ticket.clientId = userId
  if (params.bool('removeFlag') === true) ticket.flag = 0
  else if ((params.int('flag') ?? 0) > 0) ticket.flag = params.int('flag') ?? 0
  const markdown = params.bool('markdown')
  if (markdown !== undefined) ticket.markdown = markdown
  const prevent = params.bool('preventClientClosure')
  if (prevent !== undefined) ticket.preventClientClosure = prevent
  const custom = customFieldsFrom(params)
  if (custom !== undefined) ticket.customFields = { ...ticket.customFields, ...custom }
  return { result: 'success', ticketid: String(ticket.id) }
}

function deleteTicket ({ params, store }: ActionContext): JsonObject {
  const ticket = store.tickets.get(params.int('ticketid') ?? 0)
  if (ticket === undefined) throw new ActionError('Ticket ID not found')
  store.tickets.delete(ticket.id)
  store.ticketReplies.deleteOfTicket(ticket.id)
  store.ticketNotes.deleteOfTicket(ticket.id)
  return { result: 'success' }
}

function addTicketReply ({ params, store, now }: ActionContext): JsonObject {
  const ticket = store.tickets.get(params.int('ticketid') ?? 0)
  if (ticket === undefined) throw new ActionError('Ticket ID not found')
  const author = clientAuthor(params, store)
  const adminUsername = params.text('adminusername')
  const admin = adminUsername === '' ? undefined : findAdminByUsername(adminUsername)
  // An unknown admin username is kept as the name shown, as WHMCS does.
  const staffName = admin !== undefined ? adminName(admin) : adminUsername
  const guest = author === undefined && staffName === '' ? guestAuthor(params) : undefined
  const message = params.text('message')
  if (message === '') throw new ActionError('Message is required')
  let status: TicketStatus | undefined
  if (params.text('status') !== '') {
    status = pick(TICKET_STATUSES, params.text('status'))
    if (status === undefined) throw new ActionError('Invalid Ticket Status')
  }
  const today = now()
  const date = createdDate(params, today, 'Reply creation date cannot be in the future') ?? isoDateTime(today)

  const reply = store.ticketReplies.insert({
    ticketId: ticket.id,
    clientId: staffName === '' ? author?.client.id ?? 0 : 0,
    contactId: staffName === '' ? author?.contactId ?? 0 : 0,
    userId: 0,
    name: guest?.name ?? '',
    email: guest?.email ?? '',
    adminName: staffName,
    date,
    message,
    markdown: params.bool('markdown') === true,
    attachments: [],
    attachmentsRemoved: false,
    rating: 0
  })
  reply.attachments = attachmentsFrom(params, `reply-${reply.id}`)
  ticket.status = status ?? (staffName !== '' ? 'Answered' : 'Customer-Reply')
  if (date > ticket.lastReply) ticket.lastReply = date
  const custom = customFieldsFrom(params)
  if (custom !== undefined) ticket.customFields = { ...ticket.customFields, ...custom }
  return { result: 'success' }
}

function getSupportDepartments ({ params, store }: ActionContext): JsonObject {
  const visible = visibleDepartments(params)
  const departments = DEPARTMENTS.filter(d => visible.has(d.id)).map(d => {
    const tickets = store.tickets.filter(t => t.deptId === d.id)
    return {
      id: String(d.id),
      name: d.name,
      awaitingreply: String(tickets.filter(t => AWAITING_REPLY_STATUSES.includes(t.status)).length),
      opentickets: String(tickets.filter(t => t.status !== 'Closed').length)
    }
  })
  return { result: 'success', totalresults: departments.length, departments: { department: departments } }
}

export const supportHandlers: HandlerGroup = {
  GetTickets: getTickets,
  GetTicket: getTicket,
  OpenTicket: openTicket,
  UpdateTicket: updateTicket,
  DeleteTicket: deleteTicket,
  AddTicketReply: addTicketReply,
  GetSupportDepartments: getSupportDepartments
}
