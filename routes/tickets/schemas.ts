// /tickets' WHMCS side and schemas: tickets with their conversation (replies and staff notes) and
// the attachments callers upload with a ticket or a reply.
import { Type, type Static } from 'typebox'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import { HttpProblem } from '../../src/problems/catalogue.js'
import { jsonBase64, serializedFields, whmcsDateTime } from '../../src/whmcs/encode.js'
import { toInt, toList, toText } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, ref, LINE_MAX } from '../../src/schemas/common.js'
import { CUSTOM_FIELDS_MAX, CustomFieldValue } from '../clients/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetTickets: {
      params: {
        limitstart?: Int
        limitnum?: Int
        deptid?: Int
        clientid?: Int
        email?: string
        status?: string
        subject?: string
        ignore_dept_assignments?: Flag
      }
      result: Paged & { tickets?: Loose }
    }
    GetTicket: {
      params: { ticketid?: Int, ticketnum?: string, repliessort?: 'ASC' | 'DESC' }
      result: Record<string, Loose>
    }
    OpenTicket: {
      params: {
        deptid: Int
        subject: string
        message: string
        clientid?: Int
        userid?: Int
        contactid?: Int
        name?: string
        email?: string
        priority?: string
        created?: string
        serviceid?: Int
        domainid?: Int
        noemail?: Flag
        markdown?: Flag
        customfields?: string
        attachments?: string
        preventClientClosure?: Flag
      }
      result: { id?: Loose, tid?: Loose, c?: Loose }
    }
    UpdateTicket: {
      params: {
        ticketid: Int
        deptid?: Int
        status?: string
        subject?: string
        userid?: Int
        name?: string
        email?: string
        cc?: string
        priority?: string
        created?: string
        flag?: Int
        removeFlag?: Flag
        message?: string
        markdown?: Flag
        customfields?: string
        preventClientClosure?: Flag
      }
      result: { ticketid?: Loose }
    }
    DeleteTicket: {
      params: { ticketid: Int }
      result: Record<string, Loose>
    }
    AddTicketReply: {
      params: {
        ticketid: Int
        message: string
        markdown?: Flag
        clientid?: Int
        contactid?: Int
        adminusername?: string
        name?: string
        email?: string
        status?: string
        noemail?: Flag
        customfields?: string
        attachments?: string
        created?: string
      }
      result: Record<string, Loose>
    }
  }
}

/** WHMCS's fixed ticket priorities. */
export const TICKET_PRIORITIES = ['Low', 'Medium', 'High'] as const
/** The statuses a WHMCS install starts with; an install may add its own. */
const DEFAULT_STATUSES = 'Open, Answered, Customer-Reply, On Hold, In Progress or Closed, or a status the install added'

/** Who wrote a message of a ticket's conversation. */
export const AUTHOR_TYPES = ['client', 'contact', 'admin', 'guest'] as const

// ---------------------------------------------------------------- attachments

/** The largest attachment, in bytes once decoded: PHP's default upload_max_filesize. */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
/**
 * The most one ticket or reply may attach in all, decoded. WHMCS receives the files base64-encoded
 * twice (base64 of a JSON list of base64 contents, then form-encoded), about 1.9 times their size:
 * 4 MiB of files stays under PHP's default post_max_size of 8 MiB.
 */
export const ATTACHMENTS_TOTAL_MAX_BYTES = 4 * 1024 * 1024
/** The most files one ticket or reply may attach. */
const ATTACHMENTS_MAX = 10
/**
 * The request body limit of routes that take attachments: the files base64-encoded (4/3 of the
 * total), the message and the other fields. Past it Fastify answers 413 before reading further.
 */
export const ATTACHMENT_BODY_LIMIT = 6 * 1024 * 1024

export const AttachmentUpload = component('AttachmentUpload', Type.Object({
  name: Type.String({
    minLength: 1,
    maxLength: LINE_MAX,
    // A file name, not a path: no separators and no control characters.
    pattern: '^[^/\\\\\\x00-\\x1f]+$',
    description: 'The file name, with its extension',
    examples: ['screenshot.png']
  }),
  contentBase64: Type.String({
    // Never the binding limit: a longer text cannot fit in the request body.
    maxLength: ATTACHMENT_BODY_LIMIT,
    pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
    contentEncoding: 'base64',
    description: `The file's bytes, base64-encoded (RFC 4648, with padding). At most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB per file and ${ATTACHMENTS_TOTAL_MAX_BYTES / 1024 / 1024} MiB in all once decoded (413 past either).`,
    examples: ['SGVsbG8sIFdITUNTIQ==']
  })
}, { description: 'A file to attach', additionalProperties: false }))

type Upload = Static<typeof AttachmentUpload>

/** Bytes a padded base64 text decodes to. */
const decodedBytes = (b64: string): number => b64.length / 4 * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0)

/**
 * The `attachments` parameter: base64 of a JSON list of `{ name, data }`, `data` being the file's
 * base64. The size caps are checked here, before anything is sent to WHMCS.
 */
export function writeAttachments (files: readonly Upload[]): string | undefined {
  if (files.length === 0) return undefined
  let total = 0
  for (const file of files) {
    const size = decodedBytes(file.contentBase64)
    if (size > ATTACHMENT_MAX_BYTES) {
      throw new HttpProblem('PAYLOAD_TOO_LARGE', `The attachment "${file.name}" is ${size} bytes; each file may have at most ${ATTACHMENT_MAX_BYTES}.`)
    }
    total += size
  }
  if (total > ATTACHMENTS_TOTAL_MAX_BYTES) {
    throw new HttpProblem('PAYLOAD_TOO_LARGE', `The attachments come to ${total} bytes; at most ${ATTACHMENTS_TOTAL_MAX_BYTES} may be sent at once.`)
  }
  return jsonBase64(files.map((file) => ({ name: file.name, data: file.contentBase64 })))
}

const Attachments = Type.Array(ref(AttachmentUpload), {
  maxItems: ATTACHMENTS_MAX,
  description: `Files to attach (at most ${ATTACHMENTS_MAX}; ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB each and ${ATTACHMENTS_TOTAL_MAX_BYTES / 1024 / 1024} MiB in all). The department's allowed file types apply.`
})

// ---------------------------------------------------------------- reading

export const TicketAttachment = component('TicketAttachment', Type.Object({
  index: Type.Integer({ ...int32(0), description: 'Position of the file among the message\'s attachments' }),
  fileName: Type.String({ maxLength: LINE_MAX, description: 'The file name as uploaded', examples: ['screenshot.png'] })
}, { description: 'A file attached to a ticket message', additionalProperties: false }))

// WHMCS shows "no attachments" as [[]]; toList drops the empty placeholder.
const readAttachments = (v: unknown): Array<Static<typeof TicketAttachment>> =>
  toList<Record<string, unknown>>(v).map((a, i) => ({ index: toInt(a.index, 'attachment index') ?? i, fileName: toText(a.filename) }))

const attachmentFields = {
  attachments: f.custom('attachments', Type.Array(ref(TicketAttachment), { description: 'Files attached to the message' }), readAttachments),
  attachmentsRemoved: f.bool('attachments_removed', 'Whether staff removed the message\'s attachments')
}

const replyFields = defineMapping({
  id: f.count('replyid', 'Reply id; 0 is the message that opened the ticket'),
  clientId: f.ref('userid', 'Client account of the author; null for staff and guests'),
  contactId: f.ref('contactid', 'Contact of the client account who wrote it; null otherwise'),
  name: f.text('requestor_name', 'The author\'s name', { aliases: ['name'] }),
  email: f.text('requestor_email', 'The author\'s email address; empty for staff', { aliases: ['email'] }),
  date: f.dateTime('date', 'When it was written'),
  message: f.text('message', 'The message text'),
  rating: f.count('rating', 'The client\'s rating of a staff reply (1-5); 0 when not rated'),
  ...attachmentFields
})

export const TicketReply = component('TicketReply', Type.Object({
  id: replyFields.fields.id.schema,
  authorType: Type.Enum(AUTHOR_TYPES, { type: 'string', description: 'Who wrote it: the client account\'s owner or one of its users (`client`), a contact of the account (`contact`), staff (`admin`), or someone without an account (`guest`)' }),
  ...replyFields.properties(['clientId', 'contactId', 'name', 'email', 'date', 'message', 'rating', 'attachments', 'attachmentsRemoved'])
}, { description: 'A message of a ticket\'s conversation', additionalProperties: false }))

/** A reply, its author typed: staff first (WHMCS also fills in the ticket's client on staff replies). */
function readReply (raw: unknown): Static<typeof TicketReply> {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const reply = replyFields.read(r)
  const adminName = toText(r.admin)
  if (adminName !== '') return { ...reply, authorType: 'admin', clientId: null, contactId: null, name: adminName }
  const authorType = reply.contactId !== null ? 'contact' : reply.clientId !== null ? 'client' : 'guest'
  return { ...reply, authorType }
}

const noteFields = defineMapping({
  id: f.id('noteid', 'Note id'),
  date: f.dateTime('date', 'When it was written'),
  message: f.text('message', 'The note'),
  adminName: f.text('admin', 'The staff member who wrote it'),
  ...attachmentFields
})

export const TicketNote = component('TicketNote', Type.Object(noteFields.properties(Object.keys(noteFields.fields) as Array<keyof typeof noteFields.fields>),
  { description: 'A staff-only note on a ticket', additionalProperties: false }))

/** WHMCS names a ticket's related service or domain as "S12" or "D3". */
const readRelated = (prefix: 'S' | 'D') => (v: unknown): number | null => {
  const m = /^([SD])(\d+)$/i.exec(toText(v).trim())
  return m !== null && m[1].toUpperCase() === prefix && Number(m[2]) > 0 ? Number(m[2]) : null
}
const nullableId = (description: string) => Type.Union([Type.Integer(int32(1)), Type.Null()], { description, examples: [null] })

export const ticketFields = defineMapping({
  id: f.id('id', 'Ticket id', { aliases: ['ticketid'] }),
  ticketNumber: f.text('tid', 'The ticket number clients see, e.g. in email subjects', { maxLength: 64, examples: ['ABC-123456'] }),
  accessCode: f.text('c', 'The code that opens the ticket in the client area without logging in', { maxLength: 64, examples: ['KPqH7yG3'] }),
  departmentId: f.id('deptid', 'Support department'),
  departmentName: f.text('deptname', 'Name of the support department', { examples: ['Technical Support'] }),
  clientId: f.ref('userid', 'Client account the ticket belongs to; null for a ticket from someone without an account'),
  contactId: f.ref('contactid', 'Contact of the client account who opened it; null otherwise'),
  name: f.text('name', 'Name of whoever opened it'),
  email: f.text('email', 'Email address of whoever opened it'),
  requestorName: f.text('requestor_name', 'Name of whoever the ticket is from', { aliases: ['name'] }),
  requestorEmail: f.text('requestor_email', 'Email address of whoever the ticket is from', { aliases: ['email'] }),
  requestorType: f.text('requestor_type', 'What the requestor is to the client account, in WHMCS\'s words', { maxLength: 64, examples: ['Owner'] }),
  cc: f.text('cc', 'Further addresses that receive the ticket\'s emails, comma-separated'),
  date: f.dateTime('date', 'When the ticket was opened'),
  subject: f.text('subject', 'Subject', { examples: ['Cannot reach my mailbox'] }),
  status: f.text('status', `Status: ${DEFAULT_STATUSES}`, { maxLength: 64, examples: ['Open'] }),
  priority: f.enum('priority', TICKET_PRIORITIES, 'Priority'),
  adminName: f.text('admin', 'The staff member who opened the ticket; empty when a client or guest did'),
  lastReply: f.dateTime('lastreply', 'When the last message was added'),
  flaggedAdminId: f.ref('flag', 'The staff member the ticket is flagged to; null when not flagged'),
  serviceId: f.custom('service', nullableId('The client\'s service the ticket is about; null for none'), readRelated('S')),
  domainId: f.custom('service', nullableId('The client\'s domain the ticket is about; null for none'), readRelated('D')),
  ...attachmentFields,
  replies: f.custom('replies', Type.Array(ref(TicketReply), { description: 'The conversation, the opening message first unless asked otherwise' }),
    (v) => toList(v, 'reply').map(readReply)),
  notes: f.custom('notes', Type.Array(ref(TicketNote), { description: 'Staff-only notes' }),
    (v) => toList(v, 'note').map((n) => noteFields.read(n)))
})

const COMMON_KEYS = [
  'id', 'ticketNumber', 'accessCode', 'departmentId', 'clientId', 'name', 'email', 'requestorName', 'requestorEmail',
  'requestorType', 'cc', 'date', 'subject', 'status', 'priority', 'adminName', 'lastReply', 'flaggedAdminId', 'serviceId', 'domainId'
] as const
export const TICKET_SUMMARY_KEYS = [...COMMON_KEYS, 'attachments', 'attachmentsRemoved'] as const
export const TICKET_KEYS = [...COMMON_KEYS, 'departmentName', 'contactId', 'replies', 'notes'] as const

export const TicketSummary = component('TicketSummary', Type.Object(ticketFields.properties(TICKET_SUMMARY_KEYS),
  { description: 'A support ticket as listed; the attachments are those of its opening message', additionalProperties: false }))

export const Ticket = component('Ticket', Type.Object(ticketFields.properties(TICKET_KEYS),
  { description: 'A support ticket with its conversation and staff notes', additionalProperties: false }))

export const TicketList = listOf('TicketList', TicketSummary, 'A page of support tickets')

export const readTicket = (raw: unknown): Static<typeof Ticket> => ticketFields.read(raw, TICKET_KEYS)

/** The query of the two ways to get a ticket: in which order its conversation comes. */
export const RepliesOrderQuery = Type.Object({
  repliesOrder: Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', default: 'asc', description: 'Order of the conversation: oldest message first (`asc`) or newest first (`desc`)' }))
}, { additionalProperties: false })

export const repliesSort = (order: 'asc' | 'desc' | undefined): 'ASC' | 'DESC' => order === 'desc' ? 'DESC' : 'ASC'

// ---------------------------------------------------------------- writing

const line = (description: string, examples: unknown[] = []) =>
  Type.String({ minLength: 1, maxLength: LINE_MAX, description, ...(examples.length > 0 ? { examples } : {}) })
const id = (description: string) => Type.Integer({ ...int32(1), description, examples: [1] })
const email = (description: string) => Type.String({ format: 'email', maxLength: LINE_MAX, description, examples: ['sam@example.com'] })
const message = (description: string) => Type.String({ minLength: 1, maxLength: WHMCS_TEXT_MAX, description, examples: ['Hello, my mailbox stopped receiving mail this morning.'] })
const status = (description: string) => Type.String({ minLength: 1, maxLength: 64, description: `${description}: ${DEFAULT_STATUSES}`, examples: ['In Progress'] })
const flag = (description: string) => Type.Boolean({ description })
/** A local date and time as WHMCS keeps them (its own time zone, no offset). */
const created = (description: string) => Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$',
  maxLength: 19,
  description: `${description}, in WHMCS's time zone; not in the future`,
  examples: ['2026-01-15T09:30:00']
})
const customFields = Type.Array(ref(CustomFieldValue), { maxItems: CUSTOM_FIELDS_MAX, description: `Values of the department's ticket custom fields (at most ${CUSTOM_FIELDS_MAX})` })

/** The input OpenTicket and AddTicketReply share, about `message` ('the reply'...); see messageParams. */
const messageInput = (message: string) => ({
  created: Type.Optional(created(`When ${message} shows as sent`)),
  markdown: Type.Optional(flag(`Whether ${message} is Markdown`)),
  noEmail: Type.Optional(flag(`Set to true to send no email about ${message}`)),
  customFields: Type.Optional(customFields),
  attachments: Type.Optional(Attachments)
})

export const ticketCreateExample = {
  departmentId: 1,
  clientId: 1,
  subject: 'Cannot reach my mailbox',
  message: 'Hello, my mailbox stopped receiving mail this morning.',
  priority: 'High',
  attachments: [{ name: 'bounce.txt', contentBase64: 'NTUwIE1haWxib3ggZnVsbA==' }]
}

export const TicketCreate = component('TicketCreate', Type.Object({
  departmentId: id('Support department to open the ticket in'),
  subject: line('Subject', ['Cannot reach my mailbox']),
  message: message('The opening message'),
  clientId: Type.Optional(id('Client account to open the ticket for; without it, `name` and `email` say who it is from')),
  userId: Type.Optional(id('User of that client account who opens it (with `clientId`)')),
  contactId: Type.Optional(id('Contact of that client account who opens it (with `clientId` and no `userId`)')),
  name: Type.Optional(line('Name of the person the ticket is from, when not a client')),
  email: Type.Optional(email('Email address of the person the ticket is from, when not a client')),
  priority: Type.Optional(Type.Enum(TICKET_PRIORITIES, { type: 'string', description: 'Priority; Low when not given' })),
  serviceId: Type.Optional(id('The client\'s service the ticket is about (not with `domainId`)')),
  domainId: Type.Optional(id('The client\'s domain the ticket is about (not with `serviceId`)')),
  preventClientClosure: Type.Optional(flag('Whether the client may not close the ticket; without it the department\'s setting applies')),
  ...messageInput('the opening message')
}, { description: 'A new support ticket', additionalProperties: false, examples: [ticketCreateExample] }))

export const TicketCreated = component('TicketCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new ticket' }),
  ticketNumber: ticketFields.fields.ticketNumber.schema,
  accessCode: ticketFields.fields.accessCode.schema
}, { description: 'The ticket just opened', additionalProperties: false }))

export const ticketUpdateExample = { status: 'In Progress', priority: 'High', flaggedAdminId: 2 }

export const TicketUpdate = component('TicketUpdate', Type.Object({
  departmentId: Type.Optional(id('Move the ticket to this support department')),
  status: Type.Optional(status('Status')),
  subject: Type.Optional(line('Subject')),
  clientId: Type.Optional(id('Client account the ticket belongs to')),
  name: Type.Optional(line('Name of the person the ticket is from, when not a client')),
  email: Type.Optional(email('Email address of the person the ticket is from, when not a client')),
  cc: Type.Optional(Type.String({ maxLength: LINE_MAX, description: 'Further addresses that receive the ticket\'s emails, comma-separated; empty for none' })),
  priority: Type.Optional(Type.Enum(TICKET_PRIORITIES, { type: 'string', description: 'Priority' })),
  created: Type.Optional(created('When the opening message shows as sent')),
  flaggedAdminId: Type.Optional(Type.Union([Type.Integer(int32(1)), Type.Null()], { description: 'Flag the ticket to this staff member; null removes the flag', examples: [2] })),
  message: Type.Optional(message('Replace the opening message')),
  markdown: Type.Optional(flag('Whether the opening message is Markdown')),
  preventClientClosure: Type.Optional(flag('Whether the client may not close the ticket')),
  customFields: Type.Optional(customFields)
}, { description: 'Changes to a ticket: only the fields given are changed', additionalProperties: false, minProperties: 1, examples: [ticketUpdateExample] }))

export const ticketReplyExample = {
  message: 'Your mailbox was full; we raised its quota. Please try again.',
  adminUsername: 'admin',
  status: 'Answered'
}

export const TicketReplyCreate = component('TicketReplyCreate', Type.Object({
  message: message('The reply'),
  clientId: Type.Optional(id('Client account the reply is from')),
  contactId: Type.Optional(id('Contact of that client account the reply is from (with `clientId`)')),
  adminUsername: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Username of the staff member the reply is from', examples: ['admin'] })),
  name: Type.Optional(line('Name of the person the reply is from, when neither staff nor a client')),
  email: Type.Optional(email('Email address of the person the reply is from, when neither staff nor a client')),
  status: Type.Optional(status('Status to give the ticket; without it, Answered for a staff reply and Customer-Reply otherwise')),
  ...messageInput('the reply')
}, { description: 'A reply to add to a ticket\'s conversation', additionalProperties: false, examples: [ticketReplyExample] }))

export const TicketReplyCreated = component('TicketReplyCreated', Type.Object({
  ticketId: Type.Integer({ ...int32(1), description: 'The ticket the reply was added to; WHMCS gives the reply no id of its own in its answer' })
}, { description: 'A reply just added', additionalProperties: false }))

/** Parameters common to OpenTicket and AddTicketReply. */
export function messageParams (body: { markdown?: boolean, noEmail?: boolean, created?: string, customFields?: Array<Static<typeof CustomFieldValue>>, attachments?: Upload[] }): {
  markdown?: boolean
  noemail?: boolean
  created?: string
  customfields?: string
  attachments?: string
} {
  return {
    markdown: body.markdown,
    noemail: body.noEmail,
    created: body.created === undefined ? undefined : whmcsDateTime(body.created),
    customfields: body.customFields === undefined ? undefined : serializedFields(body.customFields),
    attachments: body.attachments === undefined ? undefined : writeAttachments(body.attachments)
  }
}

// ---------------------------------------------------------------- departments
