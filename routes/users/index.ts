// /users: WHMCS 8's users, the logins that act for client accounts, and the permissions each holds
// on the accounts it does not own.
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource, SortOrder } from '../../src/route/index.js'
import { IdPathParams, ref } from '../../src/schemas/common.js'
import { UserClientPath, UserCreate, UserCreated, UserList, UserPermissionsUpdate, UserUpdate, userFields } from './schemas.js'
import { toId } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Users'
const USER_KEYS = ['id', 'firstName', 'lastName', 'email', 'dateCreated', 'clients'] as const

export const routes = [
  listRoute({
    method: 'GET',
    url: '/users',
    operationId: 'listUsers',
    summary: 'List users',
    description: 'Pages through users by id, optionally those whose email address, first name, last name or full name starts with a search term, each with the client accounts it can act for.',
    group,
    action: 'GetUsers',
    query: listQuery({
      search: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Matches the start of the email address, first name, last name or full name', examples: ['dana'] })),
      order: SortOrder('Sort direction by id')
    }),
    response: UserList,
    responseDescription: 'A page of users',
    request: ({ query }) => ({
      search: query.search,
      sorting: query.order === 'desc' ? 'DESC' : 'ASC'
    }),
    rows: { key: 'users', item: 'user', paging: 'whmcs' },
    // A bare list, unlike most of WHMCS's.
    read: (u) => userFields.read(u, USER_KEYS)
  }),

  itemRoute({
    method: 'POST',
    url: '/users',
    operationId: 'createUser',
    summary: 'Create a user',
    description: 'Creates a user with a password. It can act for no client account until it is invited to one (`POST /clients/{id}/invites`) or made an owner.',
    group,
    action: 'AddUser',
    body: ref(UserCreate),
    status: 201,
    response: ref(UserCreated),
    responseDescription: 'The user was created',
    request: ({ body }) => ({ firstname: body.firstName, lastname: body.lastName, email: body.email, password2: body.password, language: body.language }),
    map: (raw) => ({ id: toId(raw.user_id, 'user_id') })
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/users/:id',
    operationId: 'updateUser',
    summary: 'Update a user',
    description: 'Changes the given fields of a user and leaves the others as they are. A new email address must be verified again.',
    group,
    action: 'UpdateUser',
    params: IdPathParams('User id'),
    body: ref(UserUpdate),
    responseDescription: 'The user was updated',
    request: ({ params, body }) => ({ user_id: params.id, firstname: body.firstName, lastname: body.lastName, email: body.email, language: body.language })
  }),

  emptyRoute({
    method: 'PUT',
    url: '/users/:id/clients/:clientId/permissions',
    operationId: 'setUserPermissions',
    summary: 'Set a user\'s permissions on a client account',
    description: 'Replaces what a user may do for a client account it has access to but does not own (an owner may do everything).',
    group,
    action: 'UpdateUserPermissions',
    params: UserClientPath,
    body: ref(UserPermissionsUpdate),
    responseDescription: 'The permissions were set',
    problems: {
      404: 'The user or the client account does not exist',
      409: 'The user owns the client account',
      422: 'The user has no access to the client account, or WHMCS rejected the input (`detail` has its message)'
    },
    request: ({ params, body }) => ({ user_id: params.id, client_id: params.clientId, permissions: body.permissions.join(',') })
  })
]

export default resource({ schemas, routes })
