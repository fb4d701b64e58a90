// System tables: general settings (tblconfiguration), the activity log (tblactivitylog), email
// templates (tblemailtemplates) and the emails sent (tblemails).

import { parseBool } from '../protocol/params.js'
import { WHMCS_VERSION } from '../protocol/render.js'
import { Table } from './table.js'

export interface SettingRecord {
  /** The setting's name as WHMCS spells it ('SystemURL'). */
  name: string
  value: string
}

/** tblconfiguration: names are matched case-insensitively, as MySQL's collation does. */
export class SettingsTable {
  private readonly rows = new Map<string, SettingRecord>()

  constructor (rows: readonly SettingRecord[] = []) {
    for (const row of rows) this.rows.set(row.name.toLowerCase(), row)
  }

  get (name: string): SettingRecord | undefined {
    return this.rows.get(name.toLowerCase())
  }

  /** The value of a setting, or `fallback` when it does not exist. */
  value (name: string, fallback = ''): string {
    return this.get(name)?.value ?? fallback
  }

  /** Whether an on/off setting is on ('on', '1'...; off when empty or absent). */
  flag (name: string): boolean {
    return parseBool(this.value(name))
  }

  all (): SettingRecord[] {
    return [...this.rows.values()]
  }
}

/** A fresh install's general settings (a few of WHMCS's several hundred), as the sandbox serves them. */
export const DEFAULT_SETTINGS: readonly SettingRecord[] = [
  { name: 'CompanyName', value: 'Sandbox Hosting Ltd' },
  { name: 'Email', value: 'billing@example.com' },
  { name: 'Domain', value: 'https://www.example.com/' },
  { name: 'SystemURL', value: 'https://billing.example.com/' },
  { name: 'LogoURL', value: '' },
  { name: 'Language', value: 'english' },
  { name: 'DefaultCountry', value: 'US' },
  { name: 'DateFormat', value: 'DD/MM/YYYY' },
  { name: 'Template', value: 'twenty-one' },
  { name: 'OrderFormTemplate', value: 'standard_cart' },
  { name: 'AllowClientRegister', value: 'on' },
  { name: 'MaintenanceMode', value: '' },
  { name: 'MaintenanceModeMessage', value: 'We are performing scheduled maintenance and will be back shortly.' },
  { name: 'TaxEnabled', value: 'on' },
  { name: 'TaxType', value: 'Exclusive' },
  { name: 'TaxDomains', value: 'on' },
  { name: 'SequentialInvoiceNumbering', value: 'on' },
  { name: 'InvoicePrefix', value: '' },
  // Invoice generation: days ahead of the due date, for every cycle unless a cycle's own or the
  // domains' setting says otherwise (empty: the general one).
  { name: 'CreateInvoiceDaysBefore', value: '14' },
  { name: 'CreateInvoiceDaysBeforeMonthly', value: '' },
  { name: 'CreateInvoiceDaysBeforeQuarterly', value: '' },
  { name: 'CreateInvoiceDaysBeforeSemiAnnually', value: '' },
  { name: 'CreateInvoiceDaysBeforeAnnually', value: '' },
  { name: 'CreateInvoiceDaysBeforeBiennially', value: '' },
  { name: 'CreateInvoiceDaysBeforeTriennially', value: '' },
  { name: 'CreateDomainInvoiceDaysBefore', value: '' },
  { name: 'ContinuousInvoiceGeneration', value: '' },
  { name: 'NoAutoApplyCredit', value: '' },
  { name: 'AutoSuspension', value: 'on' },
  { name: 'AutoSuspensionDays', value: '5' },
  { name: 'TicketMask', value: '%A%A%A-%n%n%n%n%n%n' },
  { name: 'MailType', value: 'smtp' },
  { name: 'SMTPHost', value: 'smtp.example.com' },
  { name: 'Version', value: `${WHMCS_VERSION}-release.1` }
]

export interface ActivityRecord {
  id: number
  /** 0 when the entry is about no client. */
  clientId: number
  userId: number
  /** The admin who acted (1: the API credential's admin), 0 for none. */
  adminId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  description: string
  /** The admin username, or the email of the client or user who acted. */
  username: string
  ipaddress: string
}

export interface ActivityFilter {
  clientId?: number
  /** 'YYYY-MM-DD' */
  date?: string
  username?: string
  description?: string
  ipaddress?: string
}

export class ActivityLogTable extends Table<ActivityRecord> {
  /** Entries matching every given criterion, newest first. */
  query (filter: ActivityFilter): ActivityRecord[] {
    const text = filter.description?.toLowerCase()
    return this.filter(entry =>
      (filter.clientId === undefined || entry.clientId === filter.clientId) &&
      (filter.date === undefined || entry.date.startsWith(filter.date)) &&
      (filter.username === undefined || entry.username.toLowerCase() === filter.username.toLowerCase()) &&
      (text === undefined || entry.description.toLowerCase().includes(text)) &&
      (filter.ipaddress === undefined || entry.ipaddress === filter.ipaddress)
    ).reverse()
  }
}

/** The kinds of email WHMCS sends, each about its own kind of record. */
export const EMAIL_TYPES = ['general', 'product', 'domain', 'invoice', 'support', 'affiliate'] as const
export type EmailType = typeof EMAIL_TYPES[number]

export interface EmailTemplateRecord {
  id: number
  name: string
  type: EmailType
  subject: string
  disabled: boolean
  /** Templates WHMCS only sends itself (order confirmation, password reset...). */
  systemOnly: boolean
}

/** A fresh install's email templates (a few of them). */
export const DEFAULT_EMAIL_TEMPLATES: readonly EmailTemplateRecord[] = [
  { id: 1, name: 'Client Signup Email', type: 'general', subject: 'Welcome to {$company_name}', disabled: false, systemOnly: false },
  { id: 2, name: 'Password Reset Validation', type: 'general', subject: 'Your login details', disabled: false, systemOnly: true },
  { id: 3, name: 'Password Reset Confirmation', type: 'general', subject: 'Your password has been reset', disabled: false, systemOnly: true },
  { id: 4, name: 'Order Confirmation', type: 'general', subject: 'Order Confirmation', disabled: false, systemOnly: true },
  { id: 5, name: 'Credit Card Expiring Soon', type: 'general', subject: 'Credit Card Expiring Soon', disabled: true, systemOnly: false },
  { id: 6, name: 'Hosting Account Welcome Email', type: 'product', subject: 'New Account Information', disabled: false, systemOnly: false },
  { id: 7, name: 'Domain Registration Confirmation', type: 'domain', subject: 'Domain Registration Confirmation', disabled: false, systemOnly: false },
  { id: 8, name: 'Invoice Created', type: 'invoice', subject: 'Customer Invoice', disabled: false, systemOnly: false },
  { id: 9, name: 'Invoice Payment Confirmation', type: 'invoice', subject: 'Invoice Payment Confirmation', disabled: false, systemOnly: false },
  { id: 10, name: 'Support Ticket Opened', type: 'support', subject: '[Ticket ID: {$ticket_id}] {$ticket_subject}', disabled: false, systemOnly: false },
  { id: 11, name: 'Affiliate Monthly Referrals Report', type: 'affiliate', subject: 'Affiliate Monthly Referrals Report', disabled: false, systemOnly: true }
]

export class EmailTemplatesTable extends Table<EmailTemplateRecord> {
  findByName (name: string): EmailTemplateRecord | undefined {
    return this.find(template => template.name.toLowerCase() === name.trim().toLowerCase())
  }
}

export interface SentEmailRecord {
  id: number
  /** The template's name, or '' for a custom message. */
  template: string
  type: EmailType
  /** The record the email is about (client, service, domain, invoice, ticket or affiliate id). */
  relatedId: number
  subject: string
  /** The message with the custom variables filled in. */
  message: string
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
}

export class SentEmailsTable extends Table<SentEmailRecord> {}
