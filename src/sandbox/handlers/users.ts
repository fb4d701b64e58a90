// User actions (WHMCS 8's login accounts): AddUser, GetUsers, UpdateUser, GetPermissionsList,
// UpdateUserPermissions.

import { ActionError } from '../protocol/params.js'
import { parsePermissions, passwordHash, USER_PERMISSIONS } from '../store/users.js'
import { isoDateTime, isValidEmail, sameEmail } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

function addUser ({ params, store, now }: ActionContext): JsonObject {
  const firstname = params.text('firstname')
  const lastname = params.text('lastname')
  const email = params.text('email')
  const password = params.text('password2')
  if (firstname === '') throw new ActionError('You did not enter a first name')
  if (lastname === '') throw new ActionError('You did not enter a last name')
  if (email === '') throw new ActionError('You did not enter an email address')
  if (password === '') throw new ActionError('You did not enter a password')
  if (!isValidEmail(email)) throw new ActionError('The email address entered is not valid')
  if (store.users.findByEmail(email) !== undefined) throw new ActionError('A user already exists with that email address')
  const user = store.users.insert({
    firstname,
    lastname,
    email,
    language: params.text('language').toLowerCase(),
    dateCreated: isoDateTime(now()),
    emailVerified: false,
    passwordHash: passwordHash(password),
    twoFactorEnabled: false,
    clients: []
  })
  return { result: 'success', user_id: String(user.id) }
}

function getUsers ({ params, store }: ActionContext): JsonObject {
  const limitStart = Math.max(0, params.int('limitstart') ?? 0)
  const limitNumRaw = params.int('limitnum') ?? 25
  const limitNum = limitNumRaw > 0 ? limitNumRaw : 25
  const matches = store.users.search(params.str('search'), (params.str('sorting') ?? '').toUpperCase() === 'DESC')
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: matches.length,
    startnumber: limitStart,
    numreturned: page.length,
    // A bare list, unlike GetClients' wrapped one.
    users: page.map(user => ({
      id: user.id,
      firstname: user.firstname,
      lastname: user.lastname,
      email: user.email,
      datecreated: user.dateCreated,
      validationdata: '',
      clients: user.clients.map(link => ({ id: link.clientId, isOwner: link.owner }))
    }))
  }
}

function updateUser ({ params, store }: ActionContext): JsonObject {
  const id = params.int('user_id') ?? 0
  const user = id > 0 ? store.users.get(id) : undefined
  if (user === undefined) throw new ActionError('Invalid User ID requested')
  const [firstname, lastname, email, language] = ['firstname', 'lastname', 'email', 'language'].map(name => params.text(name))
  if (firstname === '' && lastname === '' && email === '' && language === '') {
    throw new ActionError('One of `email`, `firstname`, `lastname`, or `language` is required')
  }
  if (email !== '' && !sameEmail(email, user.email)) {
    if (!isValidEmail(email)) throw new ActionError('The email address entered is not valid')
    if (store.users.findByEmail(email) !== undefined) throw new ActionError('A user already exists with that email address')
    user.email = email
    user.emailVerified = false
  }
  if (firstname !== '') user.firstname = firstname
  if (lastname !== '') user.lastname = lastname
  if (language !== '') user.language = language.toLowerCase()
  return { result: 'success', user_id: String(user.id) }
}

// This one answers with `status`, not `result`, as WHMCS does.
const getPermissionsList = (): JsonObject => ({ status: 'success', permissions: { permission: [...USER_PERMISSIONS] } })

function updateUserPermissions ({ params, store }: ActionContext): JsonObject {
  const userId = params.int('user_id') ?? 0
  const user = userId > 0 ? store.users.get(userId) : undefined
  if (user === undefined) throw new ActionError('Invalid user id')
  const clientId = params.int('client_id') ?? 0
  if (clientId <= 0 || store.clients.get(clientId) === undefined) throw new ActionError('Invalid client id')
  // Nothing valid left means no definition was given.
  const permissions = parsePermissions(params.text('permissions'))
  if (permissions.length === 0) throw new ActionError('Missing permissions definition')
  const link = user.clients.find(c => c.clientId === clientId)
  if (link === undefined) throw new ActionError('User is not associated with client')
  if (link.owner) throw new ActionError('Permissions cannot be set on a client owner')
  link.permissions = permissions
  return { result: 'success' }
}

export const userHandlers: HandlerGroup = {
  AddUser: addUser,
  GetUsers: getUsers,
  UpdateUser: updateUser,
  GetPermissionsList: getPermissionsList,
  UpdateUserPermissions: updateUserPermissions
}
