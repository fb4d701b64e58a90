// /sso-tokens' schemas: single sign-on tokens, answered once and kept by neither the service nor
// its idempotency store.
import { Type } from 'typebox'
import { component, int32 } from '../../src/schemas/common.js'
import { URL_MAX } from '../auth/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    CreateSsoToken: {
      params: {
        client_id?: Int
        user_id?: Int
        destination?: string
        service_id?: Int
        domain_id?: Int
        sso_redirect_path?: string
      }
      result: { access_token?: Loose, redirect_url?: Loose }
    }
  }
}

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
