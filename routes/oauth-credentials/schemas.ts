// /oauth-credentials' WHMCS side and schemas: OAuth client credentials; a new secret is answered
// once and kept by neither the service nor its idempotency store.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toList, toText } from '../../src/whmcs/normalize.js'
import { component, int32, listOf, LINE_MAX } from '../../src/schemas/common.js'
import { URL_MAX } from '../auth/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    CreateOAuthCredential: {
      params: {
        grantType: string
        /** Space-separated scopes. */
        scope: string
        name?: string
        serviceId?: Int
        description?: string
        logoUri?: string
        redirectUri?: string
      }
      result: { credentialId?: Loose, clientIdentifier?: Loose, clientSecret?: Loose }
    }
    ListOAuthCredentials: {
      params: { grantType?: string, sortField?: string, sortOrder?: 'ASC' | 'DESC', limit?: Int }
      result: { clients?: Loose }
    }
  }
}

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
