// The groups of the API: the OpenAPI document's tags, in its order, and the groups a route
// declaration may name (a scope is `<group>:<access>`, so a misspelt group would make a new one).
export const TAGS = [
  { name: 'Clients', description: 'Client accounts: create, read, update, close and delete them, and invite users to them' },
  { name: 'System', description: 'The WHMCS installation: its version, business figures, general settings, activity log, emails and currencies' },
  { name: 'Authentication', description: 'End users\' logins, single sign-on tokens and OAuth client credentials' },
  { name: 'Users', description: 'Users, the logins that act for client accounts, and their permissions on those accounts' },
  { name: 'Orders', description: 'Orders and the catalogue they are placed from: place orders, take them through acceptance, cancellation or fraud, and read products and promotions' },
  { name: 'Billing', description: 'Invoices and their payments, card captures and the invoicing run; client credit and stored pay methods; quotes. Amounts are decimal strings, in and out' },
  { name: 'Support', description: 'Support tickets and their conversation, with attachments, and the departments they are filed under' },
  { name: 'Projects', description: 'Projects of WHMCS\'s Project Management add-on, with their tasks, time logs and linked tickets and invoices' },
  { name: 'Affiliates', description: 'Affiliates: client accounts paid commission for the business they refer' },
  { name: 'Services', description: 'Client services and their provisioning module: provision, suspend, unsuspend, terminate and change package' },
  { name: 'Domains', description: 'Client domains and their registrar: register, renew, transfer and release them, their nameservers and whois contacts, name availability and TLD prices' },
  { name: 'Operations', description: 'Health, readiness and this document' }
] as const

/** A route's group: a tag of the document (Operations is the probes', which are not declared routes). */
export type Group = Exclude<typeof TAGS[number]['name'], 'Operations'>
