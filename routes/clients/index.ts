// /clients: the seven WHMCS client actions as one resource.
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource, sortColumn, sortQuery } from '../../src/route/index.js'
import { IdPathParams, ref } from '../../src/schemas/common.js'
import { CLIENT_KEYS, CLIENT_STATUSES, CLIENT_SUMMARY_KEYS, Client, ClientCreate, ClientCreated, ClientInvite, ClientInviteCreate, ClientList, ClientUpdate, clientFields, clientStatsFields } from './schemas.js'
import { toId } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Clients'
const ClientPath = IdPathParams('Client id')

// API sort keys and the WHMCS columns they order by.
const ORDER_BY = {
  id: 'id',
  firstName: 'firstname',
  lastName: 'lastname',
  companyName: 'companyname',
  email: 'email',
  groupId: 'groupid',
  dateCreated: 'datecreated',
  status: 'status'
} as const

export const routes = [
  listRoute({
    method: 'GET',
    url: '/clients',
    operationId: 'listClients',
    summary: 'List client accounts',
    description: 'Pages through client accounts, optionally filtered by status or by a search term matched against the start of the name, company or email.',
    group,
    action: 'GetClients',
    query: listQuery({
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Matches the start of the first name, last name, full name, company name or email', examples: ['zo'] })),
      status: Type.Optional(Type.Enum(CLIENT_STATUSES, { type: 'string', description: 'Only accounts in this status' })),
      ...sortQuery(ORDER_BY)
    }),
    response: ClientList,
    responseDescription: 'A page of client accounts',
    request: ({ query }) => ({
      search: query.search,
      status: query.status,
      orderby: sortColumn(ORDER_BY, query.orderBy),
      sorting: query.order === 'desc' ? 'DESC' : 'ASC'
    }),
    rows: { key: 'clients', item: 'client', paging: 'whmcs' },
    read: (c) => clientFields.read(c, CLIENT_SUMMARY_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/clients/:id',
    operationId: 'getClient',
    summary: 'Get a client account',
    description: 'Returns one client account with its users, custom field values and email preferences; with `stats=true` also the invoice, service and ticket figures WHMCS keeps for it.',
    group,
    action: 'GetClientsDetails',
    params: ClientPath,
    query: Type.Object({
      stats: Type.Optional(Type.Boolean({ default: false, description: 'Include account statistics' }))
    }, { additionalProperties: false }),
    status: 200,
    response: ref(Client),
    responseDescription: 'The client account',
    request: ({ params, query }) => ({ clientid: params.id, stats: query.stats }),
    map: (raw, { query }) => {
      // Old installs repeat the client's fields at the top level instead of under `client`.
      const record = raw.client ?? raw
      const client = clientFields.read(record, CLIENT_KEYS)
      return query.stats === true && raw.stats !== undefined ? { ...client, stats: clientStatsFields.read(raw.stats) } : client
    }
  }),

  itemRoute({
    method: 'POST',
    url: '/clients',
    operationId: 'createClient',
    summary: 'Create a client account',
    description: 'Creates a client account, and a new owner user for it unless `ownerUserId` names an existing user.',
    group,
    action: 'AddClient',
    body: ref(ClientCreate),
    status: 201,
    response: ref(ClientCreated),
    responseDescription: 'The account was created; `Location` points at it',
    request: ({ body }) => clientFields.write(body),
    map: (raw) => ({ id: toId(raw.clientid, 'clientid') }),
    location: (out) => `/clients/${out.id}`
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/clients/:id',
    operationId: 'updateClient',
    summary: 'Update a client account',
    description: 'Changes the given fields of a client account and leaves the others as they are.',
    group,
    action: 'UpdateClient',
    params: ClientPath,
    body: ref(ClientUpdate),
    responseDescription: 'The account was updated',
    request: ({ params, body }) => ({ ...clientFields.write(body), clientid: params.id })
  }),

  emptyRoute({
    method: 'DELETE',
    url: '/clients/:id',
    operationId: 'deleteClient',
    summary: 'Delete a client account',
    description: 'Deletes a client account and everything WHMCS holds for it. This cannot be undone; consider closing the account instead.',
    group,
    action: 'DeleteClient',
    params: ClientPath,
    query: Type.Object({
      deleteUsers: Type.Optional(Type.Boolean({ default: false, description: 'Also delete its users that have access to no other account' })),
      deleteTransactions: Type.Optional(Type.Boolean({ default: false, description: 'Also delete its payment transactions' }))
    }, { additionalProperties: false }),
    responseDescription: 'The account was deleted',
    request: ({ params, query }) => ({ clientid: params.id, deleteusers: query.deleteUsers, deletetransactions: query.deleteTransactions })
  }),

  emptyRoute({
    method: 'POST',
    url: '/clients/:id/close',
    operationId: 'closeClient',
    summary: 'Close a client account',
    description: 'Sets the account to Closed, cancelling its services and invoices as WHMCS does, while keeping its history.',
    group,
    action: 'CloseClient',
    params: ClientPath,
    responseDescription: 'The account was closed',
    request: ({ params }) => ({ clientid: params.id })
  }),

  itemRoute({
    method: 'POST',
    url: '/clients/:id/invites',
    operationId: 'createClientInvite',
    summary: 'Invite a user to a client account',
    description: 'Sends an invitation email; once accepted, the user can act on the account with the given permissions.',
    group,
    action: 'CreateClientInvite',
    params: ClientPath,
    body: ref(ClientInviteCreate),
    status: 201,
    response: ref(ClientInvite),
    responseDescription: 'The invitation was sent',
    request: ({ params, body }) => ({ client_id: params.id, email: body.email, permissions: body.permissions.join(',') }),
    map: (_raw, { params, body }) => ({ clientId: params.id, email: body.email, permissions: body.permissions })
  })
]

export default resource({ schemas, routes })
