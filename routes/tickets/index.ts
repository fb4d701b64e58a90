// /tickets: support tickets and their conversation (six WHMCS Support actions).
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { ATTACHMENT_BODY_LIMIT, RepliesOrderQuery, TICKET_SUMMARY_KEYS, Ticket, TicketCreate, TicketCreated, TicketList, TicketReplyCreate, TicketReplyCreated, TicketUpdate, messageParams, readTicket, repliesSort, ticketFields } from './schemas.js'
import { toId, toText } from '../../src/whmcs/normalize.js'
import { serializedFields, whmcsDateTime } from '../../src/whmcs/encode.js'
import * as schemas from './schemas.js'

const group = 'Support'
const TicketPath = IdPathParams('Ticket id')

export const routes = [
  listRoute({
    method: 'GET',
    url: '/tickets',
    operationId: 'listTickets',
    summary: 'List support tickets',
    description: 'Pages through support tickets, most recently active first, optionally filtered by department, client, requestor email, status or subject. Unless `ignoreDepartmentAssignments` is true, WHMCS lists only the departments its API user is assigned to.',
    group,
    action: 'GetTickets',
    query: listQuery({
      departmentId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only tickets of this support department' })),
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only tickets of this client account' })),
      email: Type.Optional(Type.String({ format: 'email', maxLength: 255, description: 'Only tickets from this email address (of someone without a client account)', examples: ['sam@example.com'] })),
      status: Type.Optional(Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Only tickets in this status; also `Awaiting Reply` (Open or Customer-Reply), `All Active Tickets` (not Closed) and `My Flagged Tickets` (flagged to WHMCS\'s API user)',
        examples: ['Awaiting Reply']
      })),
      subject: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Only tickets whose subject contains this text', examples: ['mailbox'] })),
      ignoreDepartmentAssignments: Type.Optional(Type.Boolean({ default: false, description: 'List the tickets of every department, not only those WHMCS\'s API user is assigned to' }))
    }),
    response: TicketList,
    responseDescription: 'A page of tickets',
    request: ({ query }) => ({
      deptid: query.departmentId,
      clientid: query.clientId,
      email: query.email,
      status: query.status,
      subject: query.subject,
      ignore_dept_assignments: query.ignoreDepartmentAssignments === true ? true : undefined
    }),
    rows: { key: 'tickets', item: 'ticket', paging: 'whmcs' },
    read: (t) => ticketFields.read(t, TICKET_SUMMARY_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/tickets/:id',
    operationId: 'getTicket',
    summary: 'Get a support ticket',
    description: 'Returns one ticket with its whole conversation (the opening message is the first entry, id 0) and its staff notes. Each message says who wrote it: the client, a contact of the client, staff or a guest.',
    group,
    action: 'GetTicket',
    params: TicketPath,
    query: RepliesOrderQuery,
    status: 200,
    response: ref(Ticket),
    responseDescription: 'The ticket',
    request: ({ params, query }) => ({ ticketid: params.id, repliessort: repliesSort(query.repliesOrder) }),
    map: readTicket
  }),

  itemRoute({
    method: 'POST',
    url: '/tickets',
    operationId: 'createTicket',
    summary: 'Open a support ticket',
    description: 'Opens a ticket for a client account (`clientId`, optionally with the `userId` or `contactId` who writes it) or for someone without an account (`name` and `email`), with optional attachments.',
    group,
    action: 'OpenTicket',
    bodyLimit: ATTACHMENT_BODY_LIMIT,
    body: ref(TicketCreate),
    status: 201,
    response: ref(TicketCreated),
    responseDescription: 'The ticket was opened; `Location` points at it',
    request: ({ body }) => ({
      deptid: body.departmentId,
      subject: body.subject,
      message: body.message,
      clientid: body.clientId,
      userid: body.userId,
      contactid: body.contactId,
      name: body.name,
      email: body.email,
      priority: body.priority,
      serviceid: body.serviceId,
      domainid: body.domainId,
      preventClientClosure: body.preventClientClosure,
      ...messageParams(body)
    }),
    map: (raw) => ({ id: toId(raw.id, 'ticket id'), ticketNumber: toText(raw.tid), accessCode: toText(raw.c) }),
    location: (out) => `/tickets/${out.id}`
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/tickets/:id',
    operationId: 'updateTicket',
    summary: 'Update a support ticket',
    description: 'Changes the given fields of a ticket (department, status, priority, flag, requestor, opening message...) and leaves the others as they are.',
    group,
    action: 'UpdateTicket',
    params: TicketPath,
    body: ref(TicketUpdate),
    responseDescription: 'The ticket was updated',
    request: ({ params, body }) => ({
      ticketid: params.id,
      deptid: body.departmentId,
      status: body.status,
      subject: body.subject,
      // UpdateTicket's `userid` is the client account (OpenTicket's is a user).
      userid: body.clientId,
      name: body.name,
      email: body.email,
      cc: body.cc,
      priority: body.priority,
      created: body.created === undefined ? undefined : whmcsDateTime(body.created),
      flag: body.flaggedAdminId ?? undefined,
      removeFlag: body.flaggedAdminId === null ? true : undefined,
      message: body.message,
      markdown: body.markdown,
      preventClientClosure: body.preventClientClosure,
      customfields: body.customFields === undefined ? undefined : serializedFields(body.customFields)
    })
  }),

  emptyRoute({
    method: 'DELETE',
    url: '/tickets/:id',
    operationId: 'deleteTicket',
    summary: 'Delete a support ticket',
    description: 'Deletes a ticket with its whole conversation, notes and attachments. This cannot be undone; consider closing it instead.',
    group,
    action: 'DeleteTicket',
    params: TicketPath,
    responseDescription: 'The ticket was deleted',
    request: ({ params }) => ({ ticketid: params.id })
  }),

  itemRoute({
    method: 'POST',
    url: '/tickets/:id/replies',
    operationId: 'createTicketReply',
    summary: 'Reply to a support ticket',
    description: 'Adds a message to the ticket\'s conversation, from staff (`adminUsername`), from the client account (`clientId`, optionally a `contactId`) or from someone else (`name` and `email`), with optional attachments, and sets the ticket\'s status.',
    group,
    action: 'AddTicketReply',
    bodyLimit: ATTACHMENT_BODY_LIMIT,
    params: TicketPath,
    body: ref(TicketReplyCreate),
    status: 201,
    response: ref(TicketReplyCreated),
    responseDescription: 'The reply was added; `Location` points at the ticket',
    request: ({ params, body }) => ({
      ticketid: params.id,
      message: body.message,
      clientid: body.clientId,
      contactid: body.contactId,
      adminusername: body.adminUsername,
      name: body.name,
      email: body.email,
      status: body.status,
      ...messageParams(body)
    }),
    map: (_raw, { params }) => ({ ticketId: params.id }),
    location: (_out, { params }) => `/tickets/${params.id}`
  })
]

export default resource({ schemas, routes })
