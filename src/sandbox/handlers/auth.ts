// Authentication actions: ValidateLogin, CreateSsoToken, CreateOAuthCredential,
// ListOAuthCredentials. Tokens and secrets are random, as WHMCS's are.

import { randomBytes } from 'node:crypto'
import { ActionError } from '../protocol/params.js'
import {
  GRANT_TYPES, OAUTH_SCOPES, SSO_DESTINATIONS, SSO_TOKEN_TTL_MS, type OAuthCredentialRecord
} from '../store/auth.js'
import { passwordMatches } from '../store/users.js'
import { isoDateTime } from '../protocol/text.js'
import type { Json, JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

function validateLogin ({ params, store }: ActionContext): JsonObject {
  const user = store.users.findByEmail(params.text('email'))
  // The same answer for an unknown email and a wrong password: it does not tell which.
  if (user === undefined || !passwordMatches(user, params.str('password2') ?? '')) {
    throw new ActionError('Email or Password Invalid')
  }
  const answer: JsonObject = { result: 'success', userid: String(user.id) }
  // With a second factor the login is not complete, so no session token is given.
  if (!user.twoFactorEnabled) answer.passwordhash = randomBytes(20).toString('hex')
  answer.twoFactorEnabled = user.twoFactorEnabled ? 'true' : 'false'
  return answer
}

function createSsoToken ({ params, store, now }: ActionContext): JsonObject {
  const clientText = params.text('client_id')
  const userText = params.text('user_id')
  if (clientText === '' && userText === '') throw new ActionError('A valid client_id or user_id is required')
  const client = clientText === '' ? undefined : store.clients.get(params.int('client_id') ?? 0)
  if (clientText !== '' && client === undefined) throw new ActionError('Invalid client_id')
  let user = userText === '' ? undefined : store.users.get(params.int('user_id') ?? 0)
  if (userText !== '' && user === undefined) throw new ActionError('Invalid user_id')
  if (client !== undefined) {
    if (user === undefined) user = store.users.ownerOf(client.id)
    else if (!user.clients.some(link => link.clientId === client.id)) throw new ActionError('Invalid user_id for client')
    if (!client.allowSingleSignOn) throw new ActionError(`SSO authentication blocked for client ${client.id}`)
  }
  const destination = params.text('destination') === '' ? 'clientarea:homepage' : params.text('destination')
  if (!SSO_DESTINATIONS.includes(destination)) throw new ActionError('Invalid destination')
  const token = randomBytes(20).toString('hex')
  store.ssoTokens.insert({
    token,
    clientId: client?.id ?? 0,
    userId: user?.id ?? 0,
    destination,
    expiresAt: now().getTime() + SSO_TOKEN_TTL_MS,
    redeemed: false
  })
  return {
    result: 'success',
    access_token: token,
    redirect_url: `${store.settings.value('SystemURL')}oauth/singlesignon.php?access_token=${token}`
  }
}

function createOAuthCredential ({ params, store, now }: ActionContext): JsonObject {
  const grantText = params.text('grantType')
  if (grantText === '') throw new ActionError('A valid grant type is required.')
  const grantType = GRANT_TYPES.find(g => g === grantText)
  if (grantType === undefined) throw new ActionError(`The requested grant type "${grantText}" is invalid.`)
  const name = params.text('name')
  if (grantType === 'authorization_code' && name === '') throw new ActionError('A name for the Client Credential is required.')
  const serviceId = params.int('serviceId') ?? 0
  if (grantType === 'single_sign_on' && serviceId <= 0) throw new ActionError('A service ID is required for the single sign-on grant type.')
  const scopes = params.text('scope').split(/\s+/).filter(s => s !== '')
  if (scopes.length === 0) throw new ActionError('At least one valid scope is required.')
  const unknown = scopes.find(s => !OAUTH_SCOPES.includes(s))
  if (unknown !== undefined) throw new ActionError(`The requested scope "${unknown}" is invalid.`)
  if (grantType === 'single_sign_on' && store.services.get(serviceId) === undefined) throw new ActionError('A valid Service ID is required.')
  const raw = params.raw('redirectUri')
  const redirectUris = raw instanceof Map
    ? [...raw.values()].filter((v): v is string => typeof v === 'string' && v !== '')
    : (raw ?? '').trim() === '' ? [] : [(raw ?? '').trim()]
  const company = store.settings.value('CompanyName', 'WHMCS').toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')
  const stamp = isoDateTime(now())
  const credential = store.oauthCredentials.insert({
    name,
    description: params.text('description'),
    grantType,
    scope: scopes.join(' '),
    clientIdentifier: `${company}.${randomBytes(16).toString('base64')}`,
    clientSecret: randomBytes(64).toString('base64'),
    uuid: null,
    serviceId: grantType === 'single_sign_on' ? serviceId : 0,
    logoUri: params.text('logoUri'),
    redirectUris,
    createdAt: stamp,
    updatedAt: stamp
  })
  return {
    result: 'success',
    credentialId: String(credential.id),
    clientIdentifier: credential.clientIdentifier,
    clientSecret: credential.clientSecret
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** PHP's date('jS F Y g:i:sa') of 'YYYY-MM-DD HH:MM:SS': '18th November 2016 9:32:24am', as ListOAuthCredentials prints dates. */
export function longDate (stamp: string): string {
  const [date, time] = stamp.split(' ')
  const [y, m, d] = date.split('-').map(Number)
  const [h, mi, s] = time.split(':')
  const day = d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'
  const hour = Number(h)
  return `${d}${day} ${MONTHS[m - 1]} ${y} ${hour % 12 === 0 ? 12 : hour % 12}:${mi}:${s}${hour < 12 ? 'am' : 'pm'}`
}

function credentialOut (c: OAuthCredentialRecord): JsonObject {
  return {
    credentialId: c.id,
    name: c.name,
    description: c.description,
    grantTypes: c.grantType,
    scope: c.scope,
    clientIdentifier: c.clientIdentifier,
    clientSecret: c.clientSecret,
    uuid: c.uuid,
    serviceId: c.serviceId,
    logoUri: c.logoUri,
    redirectUri: [...c.redirectUris],
    rsaKeyPairId: 0,
    createdAt: longDate(c.createdAt),
    updatedAt: longDate(c.updatedAt)
  }
}

function listOAuthCredentials ({ params, store }: ActionContext): JsonObject {
  const grantType = params.text('grantType')
  const rows = store.oauthCredentials.filter(c => grantType === '' || c.grantType === grantType).map(credentialOut)
  const field = params.text('sortField')
  if (field !== '' && rows.some(r => field in r)) {
    const key = (row: JsonObject): Json => row[field]
    rows.sort((a, b) => String(key(a)).localeCompare(String(key(b)), 'en', { numeric: true }))
  }
  if (params.text('sortOrder').toUpperCase() === 'DESC') rows.reverse()
  const limit = params.int('limit') ?? 0
  // A bare list under `clients`, although it holds credentials.
  return { result: 'success', clients: limit > 0 ? rows.slice(0, limit) : rows }
}

export const authHandlers: HandlerGroup = {
  ValidateLogin: validateLogin,
  CreateSsoToken: createSsoToken,
  CreateOAuthCredential: createOAuthCredential,
  ListOAuthCredentials: listOAuthCredentials
}
