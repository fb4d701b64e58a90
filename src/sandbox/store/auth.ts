// Authentication tables: OAuth client credentials (tbloauthserver_clients) and single sign-on
// tokens (one-time, short-lived).

import { Table } from './table.js'

export const GRANT_TYPES = ['authorization_code', 'single_sign_on'] as const
export type GrantType = typeof GRANT_TYPES[number]

/** tbloauthserver_scopes: the scopes a credential may be given. */
export const OAUTH_SCOPES: readonly string[] = [
  'clientarea:sso', 'clientarea:profile', 'clientarea:billing_info', 'clientarea:emails', 'clientarea:announcements',
  'clientarea:downloads', 'clientarea:knowledgebase', 'clientarea:network_status', 'clientarea:product_details',
  'clientarea:invoices', 'clientarea:tickets', 'clientarea:submit_ticket', 'clientarea:shopping_cart_addons',
  'clientarea:shopping_cart_domain_register', 'clientarea:shopping_cart_domain_transfer', 'openid', 'email', 'profile'
]

export interface OAuthCredentialRecord {
  id: number
  name: string
  description: string
  grantType: GrantType
  /** Space-separated scopes. */
  scope: string
  clientIdentifier: string
  clientSecret: string
  uuid: string | null
  /** The service a single sign-on credential belongs to; 0 for none. */
  serviceId: number
  logoUri: string
  redirectUris: string[]
  /** 'YYYY-MM-DD HH:MM:SS' */
  createdAt: string
  updatedAt: string
}

export class OAuthCredentialsTable extends Table<OAuthCredentialRecord> {}

/** Where a single sign-on token may land the user. */
export const SSO_DESTINATIONS: readonly string[] = [
  'clientarea:homepage', 'clientarea:profile', 'clientarea:billing_info', 'clientarea:contacts', 'clientarea:emails',
  'clientarea:services', 'clientarea:product_details', 'clientarea:domains', 'clientarea:domain_details',
  'clientarea:domain_dns', 'clientarea:domain_nameservers', 'clientarea:invoices', 'clientarea:tickets',
  'clientarea:submit_ticket', 'clientarea:shopping_cart', 'clientarea:shopping_cart_addons', 'clientarea:upgrade',
  'clientarea:shopping_cart_domain_register', 'clientarea:shopping_cart_domain_transfer', 'clientarea:announcements',
  'clientarea:knowledgebase', 'clientarea:network_status', 'clientarea:downloads', 'sso:custom_redirect'
]

/** How long a single sign-on token may be redeemed. */
export const SSO_TOKEN_TTL_MS = 60_000

export interface SsoTokenRecord {
  id: number
  token: string
  clientId: number
  userId: number
  destination: string
  /** Epoch milliseconds after which the token is refused. */
  expiresAt: number
  redeemed: boolean
}

export class SsoTokensTable extends Table<SsoTokenRecord> {
  /** The token if it may still be redeemed at `now`. */
  usable (token: string, now: Date): SsoTokenRecord | undefined {
    return this.find(t => t.token === token && !t.redeemed && t.expiresAt > now.getTime())
  }
}
