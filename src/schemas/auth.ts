// The Authentication resources: checks of an end user's login, single sign-on tokens and OAuth
// client credentials. Every secret here is answered once and kept by neither the service nor
// its logs; WHMCS's list of credentials repeats their secrets, and the service leaves them out.
import { Type } from 'typebox'
import { defineMapping, f } from '../whmcs/fields.js'
import { toList, toText } from '../whmcs/normalize.js'
import { component, int32, listOf } from './common.js'

/** The longest one-line text accepted. */
const LINE_MAX = 255
const URL_MAX = 2048

export const LoginValidationCreate = component('LoginValidationCreate', Type.Object({
  email: Type.String({ format: 'email', maxLength: LINE_MAX, description: 'The user\'s login email address', examples: ['dana.reyes@example.com'] }),
  password: Type.String({ minLength: 1, maxLength: LINE_MAX, writeOnly: true, description: 'The password to check; never logged, stored or repeated', examples: ['sandbox-password'] })
}, {
  description: 'An end user\'s email address and password, to check against WHMCS',
  additionalProperties: false,
  examples: [{ email: 'dana.reyes@example.com', password: 'sandbox-password' }]
}))

export const LoginValidation = component('LoginValidation', Type.Object({
  userId: Type.Integer({ ...int32(1), description: 'The user the credentials belong to', examples: [33] }),
  twoFactorEnabled: Type.Boolean({ description: 'Whether the user also needs a second factor; the login is then not complete and no session token is given' }),
  passwordHash: Type.Union([Type.String({ maxLength: 256 }), Type.Null()], {
    description: 'WHMCS\'s login session token (its `login_auth_tk`), given once; null when a second factor is needed'
  })
}, { description: 'The email address and password are a user\'s', additionalProperties: false }))

export const SsoTokenCreate = component('SsoTokenCreate', Type.Object({
  clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'The client account to sign in to; without `userId`, as its owner', examples: [5] })),
  userId: Type.Optional(Type.Integer({ ...int32(1), description: 'The user to sign in; with `clientId`, one that can act for it', examples: [33] })),
  destination: Type.Optional(Type.String({
    pattern: '^[a-z_]+:[a-z_]+$', maxLength: 64, description: 'Where to land in the client area, in WHMCS\'s terms; the client area home page by default', examples: ['clientarea:invoices']
  })),
  serviceId: Type.Optional(Type.Integer({ ...int32(1), description: 'The service a service destination opens' })),
  domainId: Type.Optional(Type.Integer({ ...int32(1), description: 'The domain a domain destination opens' })),
  ssoRedirectPath: Type.Optional(Type.String({ pattern: '^[^\\s:]*$', maxLength: URL_MAX, description: 'A path relative to the client area, for the `sso:custom_redirect` destination', examples: ['cart.php?a=add&pid=1'] }))
}, {
  description: 'Whom a single sign-on token signs in, and where to. Give `clientId`, `userId` or both',
  additionalProperties: false,
  minProperties: 1,
  examples: [{ clientId: 5, destination: 'clientarea:invoices' }]
}))

export const SsoToken = component('SsoToken', Type.Object({
  accessToken: Type.String({ maxLength: 256, description: 'The one-time token; it signs in without a password or second factor, so hand it only to the user it is for' }),
  redirectUrl: Type.String({ format: 'uri', maxLength: URL_MAX, description: 'The URL that redeems the token; send the user there within 60 seconds' })
}, { description: 'A single sign-on token, answered once and valid for at most 60 seconds', additionalProperties: false }))

export const GRANT_TYPES = ['authorization_code', 'single_sign_on'] as const
const words = (v: unknown): string[] => toText(v).split(/\s+/).filter((w) => w !== '')
const scope = Type.String({ pattern: '^[a-z_]+(:[a-z_]+)?$', maxLength: 64 })

export const oauthCredentialFields = defineMapping({
  id: f.id('credentialId', 'Credential id'),
  name: f.text('name', 'The application\'s name', { maxLength: LINE_MAX, examples: ['Partner portal'] }),
  description: f.text('description', 'What the credential is for'),
  grantTypes: f.custom('grantTypes', Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16, description: 'The OAuth grant types it may use', examples: [['authorization_code']] }), words),
  scopes: f.custom('scope', Type.Array(scope, { maxItems: 256, description: 'The scopes it may ask for', examples: [['openid', 'email']] }), words),
  clientIdentifier: f.text('clientIdentifier', 'The OAuth client id', { maxLength: LINE_MAX }),
  uuid: f.custom('uuid', Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'The credential\'s UUID, where WHMCS gives one' }),
    (v) => (v === null || v === undefined || v === '' ? null : toText(v))),
  serviceId: f.ref('serviceId', 'The service a single sign-on credential belongs to; null for none'),
  logoUri: f.text('logoUri', 'The application\'s logo, as a URL or a path under the client area', { maxLength: URL_MAX }),
  redirectUris: f.custom('redirectUri', Type.Array(Type.String({ maxLength: URL_MAX }), { description: 'The redirect URIs it may use' }),
    (v) => toList<unknown>(v).map((u) => toText(u, 'redirect URI'))),
  createdAt: f.dateTime('createdAt', 'When it was created, in WHMCS\'s local time'),
  updatedAt: f.dateTime('updatedAt', 'When it was last changed, in WHMCS\'s local time')
})

export const OAuthCredential = component('OAuthCredential', Type.Object(
  oauthCredentialFields.properties(Object.keys(oauthCredentialFields.fields) as Array<keyof typeof oauthCredentialFields.fields>),
  { description: 'An OAuth client credential, without its secret (answered only when it is created)', additionalProperties: false }
))

export const OAuthCredentialList = listOf('OAuthCredentialList', OAuthCredential, 'A page of OAuth client credentials')

export const OAuthCredentialCreate = component('OAuthCredentialCreate', Type.Object({
  grantType: Type.Enum(GRANT_TYPES, { type: 'string', description: 'authorization_code for an application that signs users in; single_sign_on for a service\'s single sign-on' }),
  scopes: Type.Array(scope, { minItems: 1, maxItems: 64, uniqueItems: true, description: 'The scopes it may ask for', examples: [['openid', 'email', 'profile']] }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'The application\'s name; required for authorization_code', examples: ['Partner portal'] })),
  serviceId: Type.Optional(Type.Integer({ ...int32(1), description: 'The service it is for; required for single_sign_on' })),
  description: Type.Optional(Type.String({ maxLength: LINE_MAX, description: 'What it is for' })),
  logoUri: Type.Optional(Type.String({ maxLength: URL_MAX, description: 'The application\'s logo, as a URL or a path under the client area' })),
  redirectUri: Type.Optional(Type.String({ format: 'uri', maxLength: URL_MAX, description: 'The URI users are sent back to after signing in', examples: ['https://partners.example.com/oauth/callback'] }))
}, {
  description: 'A new OAuth client credential',
  additionalProperties: false,
  examples: [{ grantType: 'authorization_code', name: 'Partner portal', scopes: ['openid', 'email', 'profile'], redirectUri: 'https://partners.example.com/oauth/callback' }]
}))

export const OAuthCredentialCreated = component('OAuthCredentialCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new credential' }),
  clientIdentifier: Type.String({ maxLength: LINE_MAX, description: 'The OAuth client id' }),
  clientSecret: Type.String({ maxLength: 1024, description: 'The OAuth client secret: store it now, it is not answered again' })
}, { description: 'A credential just created, with its secret', additionalProperties: false }))

export const OAuthCredentialQuery = {
  grantType: Type.Optional(Type.Enum(GRANT_TYPES, { type: 'string', description: 'Only credentials of this grant type' }))
}
