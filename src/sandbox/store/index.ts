// The sandbox's database: one table class per resource group.
//
// To add a resource group (orders, billing, domains, support...): write
// store/<group>.ts with its record types and table class, add the table here
// (field + StoreData entry), seed it in ../seed/, and register the group's
// handlers in handlers/index.ts.

import { OAuthCredentialsTable, SsoTokensTable, type OAuthCredentialRecord, type SsoTokenRecord } from './auth.js'
import {
  ActivityLogTable, DEFAULT_EMAIL_TEMPLATES, DEFAULT_SETTINGS, EmailTemplatesTable, SentEmailsTable, SettingsTable,
  type ActivityRecord, type EmailTemplateRecord, type SentEmailRecord, type SettingRecord
} from './system.js'
import {
  ConfigOptionsTable, ProductAddonsTable, ProductCustomFieldsTable, ProductGroupsTable, ProductsTable, PromotionsTable, TldsTable,
  type ConfigOptionRecord, type ProductAddonRecord, type ProductCustomFieldRecord, type ProductGroupRecord, type ProductRecord,
  type PromotionRecord, type TldRecord
} from './catalogue.js'
import { ClientsTable, type ClientRecord } from './clients.js'
import { DomainsTable, type DomainRecord } from './domains.js'
import { DEFAULT_TAX_RULES, InvoicesTable, TaxRulesTable, type InvoiceRecord, type TaxRuleRecord } from './invoices.js'
import {
  CreditsTable, PayMethodsTable, QuotesTable, TransactionsTable,
  type CreditRecord, type PayMethodRecord, type QuoteRecord, type TransactionRecord
} from './billing.js'
import { OrdersTable, type OrderRecord } from './orders.js'
import {
  ServersTable, ServiceAddonsTable, ServicesTable, type ServerRecord, type ServiceAddonRecord, type ServiceRecord
} from './services.js'
import { AffiliatesTable, type AffiliateRecord } from './affiliates.js'
import { ContactsTable, type ContactRecord } from './contacts.js'
import {
  ProjectMessagesTable, ProjectTasksTable, ProjectsTable, TimeLogsTable,
  type ProjectMessageRecord, type ProjectRecord, type ProjectTaskRecord, type TimeLogRecord
} from './projects.js'
import {
  TicketNotesTable, TicketRepliesTable, TicketsTable,
  type TicketNoteRecord, type TicketRecord, type TicketReplyRecord
} from './support.js'
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
  productGroups: ProductGroupRecord[]
  products: ProductRecord[]
  configOptions: ConfigOptionRecord[]
  productCustomFields: ProductCustomFieldRecord[]
  productAddons: ProductAddonRecord[]
  promotions: PromotionRecord[]
  tlds: TldRecord[]
  servers: ServerRecord[]
  orders: OrderRecord[]
  services: ServiceRecord[]
  serviceAddons: ServiceAddonRecord[]
  domains: DomainRecord[]
  invoices: InvoiceRecord[]
  taxRules: TaxRuleRecord[]
  transactions: TransactionRecord[]
  credits: CreditRecord[]
  payMethods: PayMethodRecord[]
  quotes: QuoteRecord[]
  contacts: ContactRecord[]
  tickets: TicketRecord[]
  ticketReplies: TicketReplyRecord[]
  ticketNotes: TicketNoteRecord[]
  projects: ProjectRecord[]
  projectTasks: ProjectTaskRecord[]
  timeLogs: TimeLogRecord[]
  projectMessages: ProjectMessageRecord[]
  affiliates: AffiliateRecord[]
}

/** A fresh install: no records, only the installation's settings, tax rules and email templates. */
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
    ssoTokens: [],
    productGroups: [],
    products: [],
    configOptions: [],
    productCustomFields: [],
    productAddons: [],
    promotions: [],
    tlds: [],
    servers: [],
    orders: [],
    services: [],
    serviceAddons: [],
    domains: [],
    invoices: [],
    taxRules: DEFAULT_TAX_RULES.map(row => ({ ...row })),
    transactions: [],
    credits: [],
    payMethods: [],
    quotes: [],
    contacts: [],
    tickets: [],
    ticketReplies: [],
    ticketNotes: [],
    projects: [],
    projectTasks: [],
    timeLogs: [],
    projectMessages: [],
    affiliates: []
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
  readonly productGroups: ProductGroupsTable
  readonly products: ProductsTable
  readonly configOptions: ConfigOptionsTable
  readonly productCustomFields: ProductCustomFieldsTable
  readonly productAddons: ProductAddonsTable
  readonly promotions: PromotionsTable
  readonly tlds: TldsTable
  readonly servers: ServersTable
  readonly orders: OrdersTable
  readonly services: ServicesTable
  readonly serviceAddons: ServiceAddonsTable
  readonly domains: DomainsTable
  readonly invoices: InvoicesTable
  readonly taxRules: TaxRulesTable
  readonly transactions: TransactionsTable
  readonly credits: CreditsTable
  readonly payMethods: PayMethodsTable
  readonly quotes: QuotesTable
  readonly contacts: ContactsTable
  readonly tickets: TicketsTable
  readonly ticketReplies: TicketRepliesTable
  readonly ticketNotes: TicketNotesTable
  readonly projects: ProjectsTable
  readonly projectTasks: ProjectTasksTable
  readonly timeLogs: TimeLogsTable
  readonly projectMessages: ProjectMessagesTable
  readonly affiliates: AffiliatesTable

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
    this.productGroups = new ProductGroupsTable(copy.productGroups)
    this.products = new ProductsTable(copy.products)
    this.configOptions = new ConfigOptionsTable(copy.configOptions)
    this.productCustomFields = new ProductCustomFieldsTable(copy.productCustomFields)
    this.productAddons = new ProductAddonsTable(copy.productAddons)
    this.promotions = new PromotionsTable(copy.promotions)
    this.tlds = new TldsTable(copy.tlds)
    this.servers = new ServersTable(copy.servers)
    this.orders = new OrdersTable(copy.orders)
    this.services = new ServicesTable(copy.services)
    this.serviceAddons = new ServiceAddonsTable(copy.serviceAddons)
    this.domains = new DomainsTable(copy.domains)
    this.invoices = new InvoicesTable(copy.invoices)
    this.taxRules = new TaxRulesTable(copy.taxRules)
    this.transactions = new TransactionsTable(copy.transactions)
    this.credits = new CreditsTable(copy.credits)
    this.payMethods = new PayMethodsTable(copy.payMethods)
    this.quotes = new QuotesTable(copy.quotes)
    this.contacts = new ContactsTable(copy.contacts)
    this.tickets = new TicketsTable(copy.tickets)
    this.ticketReplies = new TicketRepliesTable(copy.ticketReplies)
    this.ticketNotes = new TicketNotesTable(copy.ticketNotes)
    this.projects = new ProjectsTable(copy.projects)
    this.projectTasks = new ProjectTasksTable(copy.projectTasks)
    this.timeLogs = new TimeLogsTable(copy.timeLogs)
    this.projectMessages = new ProjectMessagesTable(copy.projectMessages)
    this.affiliates = new AffiliatesTable(copy.affiliates)
  }

  /** The rows of every table, as a seed would give them (a copy). */
  data (): StoreData {
    return structuredClone({
      clients: this.clients.all(),
      users: this.users.all(),
      invites: this.invites.all(),
      settings: this.settings.all(),
      activity: this.activity.all(),
      emailTemplates: this.emailTemplates.all(),
      emails: this.emails.all(),
      oauthCredentials: this.oauthCredentials.all(),
      ssoTokens: this.ssoTokens.all(),
      productGroups: this.productGroups.all(),
      products: this.products.all(),
      configOptions: this.configOptions.all(),
      productCustomFields: this.productCustomFields.all(),
      productAddons: this.productAddons.all(),
      promotions: this.promotions.all(),
      tlds: this.tlds.all(),
      servers: this.servers.all(),
      orders: this.orders.all(),
      services: this.services.all(),
      serviceAddons: this.serviceAddons.all(),
      domains: this.domains.all(),
      invoices: this.invoices.all(),
      taxRules: this.taxRules.all(),
      transactions: this.transactions.all(),
      credits: this.credits.all(),
      payMethods: this.payMethods.all(),
      quotes: this.quotes.all(),
      contacts: this.contacts.all(),
      tickets: this.tickets.all(),
      ticketReplies: this.ticketReplies.all(),
      ticketNotes: this.ticketNotes.all(),
      projects: this.projects.all(),
      projectTasks: this.projectTasks.all(),
      timeLogs: this.timeLogs.all(),
      projectMessages: this.projectMessages.all(),
      affiliates: this.affiliates.all()
    })
  }
}
