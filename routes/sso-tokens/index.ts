// /sso-tokens: one-time tokens that sign a user into the WHMCS client area without a password.
import { itemRoute, resource } from '../../src/route/index.js'
import { SsoToken, SsoTokenCreate } from './schemas.js'
import { ref } from '../../src/schemas/common.js'
import { toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

export const routes = [
  itemRoute({
    method: 'POST',
    url: '/sso-tokens',
    operationId: 'createSsoToken',
    summary: 'Create a single sign-on token',
    description: 'Creates a token that signs a user into the WHMCS client area, optionally landing on a given page, without password or second factor. It works once, for at most 60 seconds. Create one only for a user your own system has authenticated as the owner of that access. The token is answered once and never logged or kept by the service.',
    group: 'Authentication',
    action: 'CreateSsoToken',
    body: ref(SsoTokenCreate),
    idempotencyKey: 'none',
    status: 201,
    response: ref(SsoToken),
    responseDescription: 'The token was created',
    problems: { 409: 'The client account does not allow single sign-on' },
    request: ({ body }) => ({
      client_id: body.clientId,
      user_id: body.userId,
      destination: body.destination,
      service_id: body.serviceId,
      domain_id: body.domainId,
      sso_redirect_path: body.ssoRedirectPath
    }),
    map: (raw) => ({ accessToken: toText(raw.access_token), redirectUrl: toText(raw.redirect_url) })
  })
]

export default resource({ schemas, routes })
