// The sandbox's demo data. Deterministic: no randomness, no clock; every
// call builds the same rows. Names deliberately exercise accents, '&',
// apostrophes, double quotes, non-Latin scripts and an emoji.

import { createHash } from 'node:crypto'
import type { ClientRecord, ClientStatus, LoginRecord } from '../store/clients.js'
import { passwordHash, USER_PERMISSIONS, type UserRecord } from '../store/users.js'
import type { OAuthCredentialRecord } from '../store/auth.js'
import { emptyData, Store, type StoreData } from '../store/index.js'
import type { ActivityRecord } from '../store/system.js'
import { catalogueData, seedOrders } from './orders.js'
import { seedDomains, seedServices } from './services.js'
import { seedBilling } from './billing.js'
import { supportSeed } from './support.js'

/** The password of every seeded user (ValidateLogin accepts it). */
export const SEED_PASSWORD = 'sandbox-password'

/** A stable UUID (v5-like layout) derived from a name. */
export function stableUuid (name: string): string {
  const hex = createHash('sha1').update(name).digest('hex')
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

interface SeedClient {
  first: string
  last: string
  company?: string
  email: string
  address1: string
  address2?: string
  city: string
  state: string
  postcode: string
  country: string
  phone: string
  status?: ClientStatus
  group?: number
  currency?: number
  created: string
  creditCents?: number
  language?: string
  notes?: string
  taxId?: string
  login?: LoginRecord
  custom?: Record<string, string>
  flags?: Partial<Pick<ClientRecord, 'taxExempt' | 'lateFeeOverride' | 'overrideDueNotices' | 'separateInvoices' | 'disableAutoCc' | 'marketingOptIn' | 'overrideAutoClose' | 'emailVerified'>>
  gateway?: string
}

const SEED_CLIENTS: readonly SeedClient[] = [
  { first: 'Zoë', last: 'Whitfield', email: 'zoe.whitfield@example.co.uk', address1: '12 Harbour Road', city: 'Bristol', state: 'Bristol', postcode: 'BS1 5TR', country: 'GB', phone: '0117 496 0123', currency: 3, created: '2018-03-14', creditCents: 2500, login: { at: '2024-02-14 09:12:00', ip: '198.51.100.23', host: 'host-198-51-100-23.example.net' }, custom: { 1: 'Search engine', 2: 'ZW-0001' }, flags: { emailVerified: true, marketingOptIn: true }, gateway: 'paypal' },
  { first: 'Anders', last: 'Ångström', company: 'Ångström Fysik AB', email: 'anders@angstrom-fysik.example', address1: 'Drottninggatan 42', city: 'Stockholm', state: 'Stockholms län', postcode: '111 21', country: 'SE', phone: '08-123 456 78', group: 1, currency: 2, created: '2018-05-02', taxId: 'SE556677889901', custom: { 1: 'Friend' }, flags: { taxExempt: true, emailVerified: true } },
  { first: 'José', last: 'Núñez', company: 'Núñez Hermanos S.L.', email: 'jose.nunez@example.es', address1: 'Calle de Alcalá 77', address2: '3º izquierda', city: 'Madrid', state: 'Madrid', postcode: '28009', country: 'ES', phone: '912 345 678', group: 2, currency: 2, created: '2018-07-21', language: 'spanish', taxId: 'ESB12345678' },
  { first: 'Patrick', last: "O'Brien", company: "O'Brien Plumbing", email: 'patrick@obrien-plumbing.example', address1: '4 Main Street', city: 'Galway', state: 'Galway', postcode: 'H91 X2Y3', country: 'IE', phone: '091 555 123', currency: 2, created: '2018-09-09', login: { at: '2023-11-02 17:45:00', ip: '203.0.113.50', host: '' } },
  { first: 'Margaret', last: 'Smith', company: 'Smith & Sons Ltd', email: 'margaret@smithandsons.example', address1: '88 Market Street', city: 'Manchester', state: 'Greater Manchester', postcode: 'M1 1PW', country: 'GB', phone: '0161 496 0000', group: 2, currency: 3, created: '2018-11-30', creditCents: 1050, notes: 'Prefers invoices by post & email.', flags: { separateInvoices: true } },
  { first: 'Liam', last: 'Johnson', email: 'liam.johnson@example.com', address1: '350 Fifth Avenue', address2: 'Floor 21', city: 'New York', state: 'NY', postcode: '10118', country: 'US', phone: '212-555-0134', created: '2019-01-17', gateway: 'stripe', flags: { emailVerified: true } },
  { first: 'Sofía', last: 'García', company: 'Café Luna 🌙', email: 'sofia@cafeluna.example', address1: 'Avenida Paseo de la Reforma 222', city: 'Ciudad de México', state: 'CDMX', postcode: '06600', country: 'MX', phone: '55 5555 0199', created: '2019-02-08', language: 'spanish', flags: { marketingOptIn: true } },
  { first: 'Hiroshi', last: 'Tanaka', company: 'Tanaka Trading K.K.', email: 'h.tanaka@example.jp', address1: '1-1-2 Otemachi', address2: 'Chiyoda-ku', city: 'Tokyo', state: 'Tokyo', postcode: '100-0004', country: 'JP', phone: '03-5555-0101', status: 'Inactive', created: '2019-04-11' },
  { first: 'Amélie', last: 'Dubois', email: 'amelie.dubois@example.fr', address1: '15 Rue de Rivoli', city: 'Paris', state: 'Île-de-France', postcode: '75001', country: 'FR', phone: '01 42 60 00 00', currency: 2, created: '2019-06-03', language: 'french', flags: { emailVerified: true } },
  { first: 'Jürgen', last: 'Müller', company: 'Müller & Schmidt GmbH', email: 'juergen.mueller@example.de', address1: 'Friedrichstraße 123', city: 'Berlin', state: 'Berlin', postcode: '10117', country: 'DE', phone: '030 1234567', group: 1, currency: 2, created: '2019-08-19', language: 'german', taxId: 'DE123456789', flags: { lateFeeOverride: true } },
  { first: 'Priya', last: 'Patel', company: 'Patel Digital', email: 'priya@pateldigital.example', address1: '21 Marine Drive', city: 'Mumbai', state: 'Maharashtra', postcode: '400020', country: 'IN', phone: '022 5555 0142', created: '2019-10-27', custom: { 1: 'Advert' } },
  { first: 'Chloé', last: 'Tremblay', email: 'chloe.tremblay@example.ca', address1: '1000 Rue Sherbrooke Ouest', city: 'Montréal', state: 'QC', postcode: 'H3A 3G4', country: 'CA', phone: '514-555-0177', status: 'Closed', created: '2019-12-05', language: 'french' },
  { first: 'Olivia', last: 'Brown', company: 'Brown Design Co.', email: 'olivia@browndesign.example', address1: 'Unit 5/200 George Street', city: 'Sydney', state: 'NSW', postcode: '2000', country: 'AU', phone: '02 5550 1234', created: '2020-02-14', creditCents: 10000 },
  { first: 'Noah', last: 'Williams', email: 'noah.williams@example.com', address1: '45 Oak Lane', city: 'Austin', state: 'TX', postcode: '78701', country: 'US', phone: '512-555-0188', status: 'Inactive', created: '2020-03-30' },
  { first: 'Emma', last: 'Davis', company: 'Davis Consulting LLC', email: 'emma@davisconsulting.example', address1: '500 Market Street', address2: 'Suite 210', city: 'San Francisco', state: 'CA', postcode: '94105', country: 'US', phone: '415-555-0110', group: 3, created: '2020-05-12', flags: { disableAutoCc: true } },
  { first: 'Lucas', last: 'Silva', company: 'Silva & Filhos Ltda', email: 'lucas@silvaefilhos.example', address1: 'Avenida Paulista 1000', city: 'São Paulo', state: 'SP', postcode: '01310-100', country: 'BR', phone: '11 5555-0100', created: '2020-07-07', language: 'portuguese-br' },
  { first: 'Ingrid', last: 'Bjørnstad', email: 'ingrid.bjornstad@example.no', address1: 'Karl Johans gate 10', city: 'Oslo', state: 'Oslo', postcode: '0154', country: 'NO', phone: '22 55 50 10', currency: 2, created: '2020-09-21', language: 'norwegian' },
  { first: 'Mateo', last: 'Rossi', company: 'Rossi Ristorante', email: 'mateo@rossiristorante.example', address1: 'Via del Corso 50', city: 'Roma', state: 'RM', postcode: '00186', country: 'IT', phone: '06 5555 0123', status: 'Closed', currency: 2, created: '2020-11-02', language: 'italian' },
  { first: 'Siobhán', last: 'Kelly', email: 'siobhan.kelly@example.ie', address1: '22 Grafton Street', city: 'Dublin', state: 'Dublin', postcode: 'D02 XY45', country: 'IE', phone: '01 555 0144', status: 'Inactive', currency: 2, created: '2021-01-15' },
  { first: 'Ahmed', last: 'Hassan', company: 'Hassan Logistics', email: 'ahmed@hassanlogistics.example', address1: 'Sheikh Zayed Road, Tower 3', city: 'Dubai', state: 'Dubai', postcode: '00000', country: 'AE', phone: '04 555 0166', group: 2, created: '2021-03-09', login: { at: '2024-06-30 22:05:00', ip: '192.0.2.77', host: 'dxb-192-0-2-77.example.ae' } },
  { first: 'Charlotte', last: 'Wilson', email: 'charlotte.wilson@example.co.uk', address1: '7 Queen Street', city: 'Edinburgh', state: 'City of Edinburgh', postcode: 'EH2 1JE', country: 'GB', phone: '0131 496 0555', currency: 3, created: '2021-05-23', flags: { overrideAutoClose: true } },
  { first: 'Wei', last: 'Zhang', company: 'Zhang Electronics 张氏电子', email: 'wei.zhang@example.com', address1: '88 Nanjing Road', city: 'Shanghai', state: 'Shanghai', postcode: '200001', country: 'CN', phone: '021 5555 0188', group: 2, created: '2021-08-16' },
  { first: 'Георги', last: 'Петров', company: 'ООО Бяла Стрела', email: 'georgi.petrov@example.bg', address1: 'бул. Витоша 15', city: 'София', state: 'София', postcode: '1000', country: 'BG', phone: '02 555 0199', currency: 2, created: '2021-10-04' },
  { first: 'Grace', last: 'Thompson', company: 'Thompson "Quality" Builders', email: 'grace@thompsonbuilders.example', address1: '19 King Street West', city: 'Toronto', state: 'ON', postcode: 'M5H 1A1', country: 'CA', phone: '416-555-0123', created: '2022-01-20', notes: 'Quote ref <Q-2041> agreed.' },
  { first: 'Ethan', last: 'Clark', email: 'ethan.clark@example.com', address1: '233 South Wacker Drive', city: 'Chicago', state: 'IL', postcode: '60606', country: 'US', phone: '312-555-0157', status: 'Closed', created: '2022-03-03' },
  { first: 'Mia', last: 'Anderson', company: 'Anderson Web Studio', email: 'mia@andersonweb.example', address1: '77 Pike Street', city: 'Seattle', state: 'WA', postcode: '98101', country: 'US', phone: '206-555-0133', group: 1, created: '2022-05-18', flags: { overrideDueNotices: true } },
  { first: 'Benjamin', last: 'Lee', company: 'Lee & Park Partners', email: 'ben.lee@leepark.example', address1: '1 Embarcadero Center', city: 'San Francisco', state: 'CA', postcode: '94111', country: 'US', phone: '+1.4155550199', group: 1, created: '2022-08-08' },
  { first: 'Isabella', last: 'Martínez', email: 'isabella.martinez@example.com.ar', address1: 'Avenida Corrientes 1234', city: 'Buenos Aires', state: 'CABA', postcode: 'C1043', country: 'AR', phone: '11 5555-0111', status: 'Inactive', created: '2022-10-12', language: 'spanish' },
  { first: 'Oliver', last: 'Taylor', company: "Taylor's Bakery", email: 'oliver@taylorsbakery.example', address1: '3 Castle Arcade', city: 'Cardiff', state: 'Cardiff', postcode: 'CF10 1BU', country: 'GB', phone: '029 2018 0000', currency: 3, created: '2023-01-09' },
  { first: 'Ava', last: 'Moore', email: 'ava.moore@example.com', address1: '1700 Lincoln Street', city: 'Denver', state: 'CO', postcode: '80203', country: 'US', phone: '303-555-0145', created: '2023-04-25', flags: { marketingOptIn: true } },
  { first: 'Søren', last: 'Nielsen', company: 'Nielsen ApS', email: 'soren@nielsen-aps.example', address1: 'Strøget 8', city: 'København', state: 'Hovedstaden', postcode: '1160', country: 'DK', phone: '33 55 50 80', currency: 2, created: '2023-08-14', taxId: 'DK12345678' },
  { first: 'Zoe', last: 'Zimmerman', email: 'zoe.zimmerman@example.com', address1: '920 SW 6th Avenue', city: 'Portland', state: 'OR', postcode: '97204', country: 'US', phone: '503-555-0172', created: '2024-02-29' }
]

const OTHER_USERS: ReadonlyArray<Omit<UserRecord, 'id'>> = [
  // A colleague of two clients, with limited permissions.
  { firstname: 'Dana', lastname: 'Reyes', email: 'dana.reyes@example.com', language: '', dateCreated: '2021-06-01 10:00:00', emailVerified: true, passwordHash: passwordHash(SEED_PASSWORD), twoFactorEnabled: false, clients: [{ clientId: 5, owner: false, permissions: ['profile', 'invoices', 'tickets'] }, { clientId: 15, owner: false, permissions: ['products', 'domains'] }] },
  // A user whose only client was deleted: its email is taken although no client uses it. Logs in with a second factor.
  { firstname: 'Sam', lastname: 'Carter', email: 'sam.carter@example.org', language: '', dateCreated: '2022-09-15 14:30:00', emailVerified: false, passwordHash: passwordHash(SEED_PASSWORD), twoFactorEnabled: true, clients: [] }
]

const SEED_ACTIVITY: readonly ActivityRecord[] = [
  { id: 1, clientId: 0, userId: 0, adminId: 0, date: '2024-06-30 00:05:12', description: 'Cron Job: Starting', username: 'System', ipaddress: '' },
  { id: 2, clientId: 0, userId: 0, adminId: 0, date: '2024-06-30 00:05:14', description: 'Cron Job: Completed', username: 'System', ipaddress: '' },
  { id: 3, clientId: 21, userId: 21, adminId: 0, date: '2024-06-30 22:05:00', description: 'User Logged In - User ID: 21', username: 'ahmed@hassanlogistics.example', ipaddress: '192.0.2.77' },
  { id: 4, clientId: 5, userId: 0, adminId: 1, date: '2024-07-01 09:15:40', description: 'Client Profile Modified - Company Name - User ID: 5', username: 'admin', ipaddress: '198.51.100.10' },
  { id: 5, clientId: 0, userId: 0, adminId: 1, date: '2024-07-01 09:20:03', description: 'Admin Login Success', username: 'admin', ipaddress: '198.51.100.10' }
]

const SEED_OAUTH_CREDENTIALS: readonly OAuthCredentialRecord[] = [
  {
    id: 1,
    name: 'Partner portal',
    description: 'Sign-in for the reseller partner portal',
    grantType: 'authorization_code',
    scope: 'openid email profile',
    clientIdentifier: 'SANDBOX-HOSTING.c2FuZGJveC1wYXJ0bmVy',
    clientSecret: 'c2FuZGJveC1wYXJ0bmVyLXBvcnRhbC1zZWNyZXQtbm90LWZvci1wcm9kdWN0aW9uLXVzZQ==',
    uuid: stableUuid('whmcs-sandbox-oauth-1'),
    serviceId: 0,
    logoUri: '',
    redirectUris: ['https://partners.example.com/oauth/callback'],
    createdAt: '2023-02-01 10:00:00',
    updatedAt: '2023-02-01 10:00:00'
  }
]

function clientRow (id: number, s: SeedClient): ClientRecord {
  const flags = s.flags ?? {}
  return {
    id,
    uuid: stableUuid(`whmcs-sandbox-client-${id}`),
    firstname: s.first,
    lastname: s.last,
    companyname: s.company ?? '',
    email: s.email,
    address1: s.address1,
    address2: s.address2 ?? '',
    city: s.city,
    state: s.state,
    postcode: s.postcode,
    country: s.country,
    phonenumber: s.phone,
    taxId: s.taxId ?? '',
    emailPreferences: { general: true, invoice: true, support: true, product: true, domain: true, affiliate: true },
    notes: s.notes ?? '',
    currency: s.currency ?? 1,
    defaultGateway: s.gateway ?? '',
    groupId: s.group ?? 0,
    status: s.status ?? 'Active',
    creditCents: s.creditCents ?? 0,
    taxExempt: flags.taxExempt ?? false,
    lateFeeOverride: flags.lateFeeOverride ?? false,
    overrideDueNotices: flags.overrideDueNotices ?? false,
    separateInvoices: flags.separateInvoices ?? false,
    disableAutoCc: flags.disableAutoCc ?? false,
    emailOptOut: false,
    marketingOptIn: flags.marketingOptIn ?? false,
    overrideAutoClose: flags.overrideAutoClose ?? false,
    allowSingleSignOn: true,
    emailVerified: flags.emailVerified ?? false,
    language: s.language ?? '',
    dateCreated: s.created,
    lastLogin: s.login ?? null,
    customFields: { ...(s.custom ?? {}) },
    billingContactId: 0
  }
}

/**
 * Build the demo data: 32 clients, each owned by a user with the same name and email, plus two
 * more users; the catalogue; and orders of some clients with their services, domains and invoices.
 */
export function seedData (): StoreData {
  const clients = SEED_CLIENTS.map((s, i) => clientRow(i + 1, s))
  const users: UserRecord[] = clients.map(client => ({
    id: client.id,
    firstname: client.firstname,
    lastname: client.lastname,
    email: client.email,
    language: client.language,
    dateCreated: `${client.dateCreated} 09:30:00`,
    emailVerified: client.emailVerified,
    passwordHash: passwordHash(SEED_PASSWORD),
    twoFactorEnabled: false,
    clients: [{ clientId: client.id, owner: true, permissions: [...USER_PERMISSIONS] }]
  }))
  OTHER_USERS.forEach((user, i) => users.push({ ...user, id: clients.length + i + 1, clients: user.clients.map(c => ({ ...c, permissions: [...c.permissions] })) }))
  const store = new Store({
    ...emptyData(),
    clients,
    users,
    activity: SEED_ACTIVITY.map(row => ({ ...row })),
    oauthCredentials: SEED_OAUTH_CREDENTIALS.map(row => ({ ...row, redirectUris: [...row.redirectUris] })),
    ...catalogueData(),
    ...supportSeed()
  })
  seedOrders(store)
  seedServices(store)
  seedDomains(store)
  seedBilling(store)
  return store.data()
}
