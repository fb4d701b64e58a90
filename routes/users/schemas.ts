// The Users resource (WHMCS 8's login accounts, apart from the client accounts they act for) and
// the permissions a user holds on a client account.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toBool, toId, toList } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, ref, LINE_MAX } from '../../src/schemas/common.js'
import { INVITE_PERMISSIONS } from '../clients/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    AddUser: {
      params: { firstname: string, lastname: string, email: string, password2: string, language?: string }
      result: { user_id?: Loose }
    }
    GetUsers: {
      params: { limitstart?: Int, limitnum?: Int, sorting?: 'ASC' | 'DESC', search?: string }
      result: Paged & { users?: Loose }
    }
    UpdateUser: {
      params: { user_id: Int, firstname?: string, lastname?: string, email?: string, language?: string }
      result: { user_id?: Loose }
    }
    UpdateUserPermissions: {
      params: { user_id: Int, client_id: Int, permissions: string }
      result: Record<string, Loose>
    }
  }
}

export const UserClient = component('UserClient', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'A client account the user can act for', examples: [5] }),
  isOwner: Type.Boolean({ description: 'Whether the user owns that account' })
}, { description: 'A client account a user has access to', additionalProperties: false }))

export const userFields = defineMapping({
  id: f.id('id', 'User id', { aliases: ['user_id'] }),
  firstName: f.text('firstname', 'First name', { examples: ['Dana'] }),
  lastName: f.text('lastname', 'Last name', { examples: ['Reyes'] }),
  email: f.email('email', 'Login email address', { examples: ['dana.reyes@example.com'] }),
  language: f.text('language', 'Preferred language; empty for the system default', { examples: ['english'] }),
  dateCreated: f.dateTime('datecreated', 'When the user was created'),
  clients: f.custom('clients', Type.Array(ref(UserClient), { description: 'The client accounts the user can act for' }),
    (v) => toList<Record<string, unknown>>(v, 'client').map((c) => ({ clientId: toId(c.id, 'client id'), isOwner: toBool(c.isOwner) }))),
  // Write-only.
  password: f.text('password2', 'The user\'s password', { minLength: 1, maxLength: LINE_MAX, writeOnly: true })
})

export const User = component('User', Type.Object(userFields.properties(['id', 'firstName', 'lastName', 'email', 'dateCreated', 'clients']), {
  description: 'A user: a login that can act for one or more client accounts', additionalProperties: false
}))

export const UserList = listOf('UserList', User, 'A page of users')

const inputRules = {
  firstName: Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'First name', examples: ['Sam'] }),
  lastName: Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Last name', examples: ['Taylor'] }),
  email: Type.String({ format: 'email', maxLength: LINE_MAX, description: 'Login email address', examples: ['sam.taylor@example.com'] }),
  language: Type.String({ pattern: '^[a-z][a-z-]*$', maxLength: 64, description: 'Preferred language, by WHMCS\'s name for it', examples: ['english'] })
}

export const UserCreate = component('UserCreate', Type.Object({
  firstName: inputRules.firstName,
  lastName: inputRules.lastName,
  email: inputRules.email,
  password: userFields.fields.password.schema,
  language: Type.Optional(inputRules.language)
}, {
  description: 'A new user. It can act for no client account until it is invited to one or made an owner',
  additionalProperties: false,
  examples: [{ firstName: 'Sam', lastName: 'Taylor', email: 'sam.taylor@example.com', password: 'correct-horse-battery-staple' }]
}))

export const UserCreated = component('UserCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new user' })
}, { description: 'The id of a user just created', additionalProperties: false }))

export const UserUpdate = component('UserUpdate', Type.Object({
  firstName: Type.Optional(inputRules.firstName),
  lastName: Type.Optional(inputRules.lastName),
  email: Type.Optional(inputRules.email),
  language: Type.Optional(inputRules.language)
}, { description: 'Changes to a user: only the fields given are changed', additionalProperties: false, minProperties: 1, examples: [{ lastName: 'Reyes-Ortiz' }] }))

export const UserPermission = component('UserPermission', Type.Object({
  name: Type.String({ pattern: '^[a-z][a-z_]*$', maxLength: 64, description: 'The permission\'s name', examples: ['invoices'] })
}, { description: 'Something a user may be allowed to do for a client account', additionalProperties: false }))

export const UserPermissionList = listOf('UserPermissionList', UserPermission, 'A page of the permissions a user can be given')

export const UserPermissionsUpdate = component('UserPermissionsUpdate', Type.Object({
  permissions: Type.Array(Type.Enum(INVITE_PERMISSIONS, { type: 'string' }), {
    minItems: 1, maxItems: INVITE_PERMISSIONS.length, uniqueItems: true, description: 'Everything the user may do for the client account; what is not listed is taken away'
  })
}, { description: 'The permissions of a user on a client account it does not own', additionalProperties: false, examples: [{ permissions: ['invoices', 'tickets'] }] }))

export const UserClientPath = Type.Object({
  id: Type.Integer({ ...int32(1), description: 'User id', examples: [33] }),
  clientId: Type.Integer({ ...int32(1), description: 'Client account id', examples: [5] })
}, { additionalProperties: false })
