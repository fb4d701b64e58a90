// /oauth-credentials: the OAuth clients WHMCS signs users in for. A credential's secret is
// answered when it is created and never again: WHMCS repeats it in every listing, the service
// leaves it out.
import { itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { OAuthCredentialCreate, OAuthCredentialCreated, OAuthCredentialList, OAuthCredentialQuery, oauthCredentialFields } from './schemas.js'
import { ref } from '../../src/schemas/common.js'
import { toId, toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Authentication'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/oauth-credentials',
    operationId: 'listOAuthCredentials',
    summary: 'List OAuth credentials',
    description: 'Lists the OAuth client credentials configured in WHMCS, optionally of one grant type. Their secrets are not answered.',
    group,
    action: 'ListOAuthCredentials',
    query: listQuery(OAuthCredentialQuery),
    response: OAuthCredentialList,
    responseDescription: 'A page of OAuth credentials',
    request: ({ query }) => ({ grantType: query.grantType, sortField: 'credentialId', sortOrder: 'ASC' }),
    // WHMCS answers the whole list (under `clients`, although it holds credentials); the page is
    // cut here, and the secrets are never read.
    rows: { key: 'clients', paging: 'local' },
    read: (c) => oauthCredentialFields.read(c)
  }),

  itemRoute({
    method: 'POST',
    url: '/oauth-credentials',
    operationId: 'createOAuthCredential',
    summary: 'Create an OAuth credential',
    description: 'Creates an OAuth client credential: for an application that signs WHMCS users in (authorization_code), or for a service\'s single sign-on (single_sign_on). Its secret is answered this once and never logged or kept by the service.',
    group,
    action: 'CreateOAuthCredential',
    body: ref(OAuthCredentialCreate),
    idempotencyKey: 'none',
    status: 201,
    response: ref(OAuthCredentialCreated),
    responseDescription: 'The credential was created',
    request: ({ body }) => ({
      grantType: body.grantType,
      scope: body.scopes.join(' '),
      name: body.name,
      serviceId: body.serviceId,
      description: body.description,
      logoUri: body.logoUri,
      redirectUri: body.redirectUri
    }),
    map: (raw) => ({ id: toId(raw.credentialId, 'credentialId'), clientIdentifier: toText(raw.clientIdentifier), clientSecret: toText(raw.clientSecret) })
  })
]

export default resource({ schemas, routes })
