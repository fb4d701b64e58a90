// The sandbox's database: one table class per resource group.
//
// To add a resource group (orders, billing, domains, support...): write
// store/<group>.ts with its record types and table class, add the table here
// (field + StoreData entry), seed it in seed.ts, and register the group's
// handlers in handlers/index.ts.

import { OAuthCredentialsTable, SsoTokensTable, type OAuthCredentialRecord, type SsoTokenRecord } from './auth.js'
import { ClientsTable, type ClientRecord } from './clients.js'
import {
  ActivityLogTable, DEFAULT_EMAIL_TEMPLATES, DEFAULT_SETTINGS, EmailTemplatesTable, SentEmailsTable, SettingsTable,
  type ActivityRecord, type EmailTemplateRecord, type SentEmailRecord, type SettingRecord
} from './system.js'
import { InvitesTable, UsersTable, type InviteRecord, type UserRecord } from './users.js'

/** The raw rows a store is built from (the seed, or a fresh install). */
export interface StoreData {
  clients: ClientRecord[]
  users: UserRecord[]
  invites: InviteRecord[]
  settings: SettingRecord[]
  activity: ActivityRecord[]
  emailTemplates: EmailTemplateRecord[]
  emails: SentEmailRecord[]
  oauthCredentials: OAuthCredentialRecord[]
  ssoTokens: SsoTokenRecord[]
}

/** A fresh install: no records, only the installation's settings and email templates. */
export function emptyData (): StoreData {
  return {
    clients: [],
    users: [],
    invites: [],
    settings: DEFAULT_SETTINGS.map(row => ({ ...row })),
    activity: [],
    emailTemplates: DEFAULT_EMAIL_TEMPLATES.map(row => ({ ...row })),
    emails: [],
    oauthCredentials: [],
    ssoTokens: []
  }
}

export class Store {
  readonly clients: ClientsTable
  readonly users: UsersTable
  readonly invites: InvitesTable
  readonly settings: SettingsTable
  readonly activity: ActivityLogTable
  readonly emailTemplates: EmailTemplatesTable
  readonly emails: SentEmailsTable
  readonly oauthCredentials: OAuthCredentialsTable
  readonly ssoTokens: SsoTokensTable

  constructor (data: StoreData) {
    // Rows are cloned so a store never shares objects with its seed.
    const copy = structuredClone(data)
    this.clients = new ClientsTable(copy.clients)
    this.users = new UsersTable(copy.users)
    this.invites = new InvitesTable(copy.invites)
    this.settings = new SettingsTable(copy.settings)
    this.activity = new ActivityLogTable(copy.activity)
    this.emailTemplates = new EmailTemplatesTable(copy.emailTemplates)
    this.emails = new SentEmailsTable(copy.emails)
    this.oauthCredentials = new OAuthCredentialsTable(copy.oauthCredentials)
    this.ssoTokens = new SsoTokensTable(copy.ssoTokens)
  }
}
