// Canned WHMCS answers for the benchmark's upstream: the shapes GetClientsDetails and GetClients
// have on the wire (PHP's json_encode, so non-ASCII as \uXXXX and "/" as "\/"), built once.
// Shared with nothing in src/: the benchmark must not measure the facade against its own code.

const FIRST = ['Zoë', 'Anders', 'José', 'Mary', 'Liam', 'Aoife', 'Chen', 'Fatima', 'Søren', 'Olivia']
const LAST = ['Whitfield', 'Ångström', 'Núñez', 'O\'Brien', 'Smith & Sons', 'Dubois', 'Müller', 'Kowalski', 'Rossi', 'Tanaka']
const CITIES = [['Bristol', 'GB', 'United Kingdom'], ['Uppsala', 'SE', 'Sweden'], ['Sevilla', 'ES', 'Spain'], ['Paris', 'FR', 'France']]
const STATUSES = ['Active', 'Active', 'Active', 'Inactive', 'Closed']

/** PHP's json_encode without flags: escapes "/" and every non-ASCII character. */
export function phpJson (value) {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function person (id) {
  const first = FIRST[id % FIRST.length]
  const last = LAST[(id * 7) % LAST.length]
  const [city, country, countryName] = CITIES[id % CITIES.length]
  return { first, last, city, country, countryName, email: `client${id}@example.com` }
}

/** A row of GetClients: the summary WHMCS lists. */
export function summaryRow (id) {
  const p = person(id)
  return {
    id,
    firstname: p.first,
    lastname: p.last,
    companyname: id % 3 === 0 ? `${p.last} Ltd` : '',
    email: p.email,
    datecreated: `20${10 + (id % 15)}-0${1 + (id % 9)}-1${id % 10}`,
    groupid: id % 4,
    status: STATUSES[id % STATUSES.length]
  }
}

/** GetClientsDetails as WHMCS 8 answers it: the client under `client` and again at the top level. */
export function clientDetails (id) {
  const p = person(id)
  const client = {
    client_id: id,
    owner_user_id: id,
    userid: id,
    id,
    uuid: `ea7e5c18-bb54-5aba-85df-${String(id).padStart(12, '0')}`,
    firstname: p.first,
    lastname: p.last,
    fullname: `${p.first} ${p.last}`,
    companyname: '',
    email: p.email,
    address1: '12 Harbour Road',
    address2: '',
    city: p.city,
    fullstate: p.city,
    state: p.city,
    postcode: 'BS1 5TR',
    countrycode: p.country,
    country: p.country,
    phonenumber: '0117 496 0123',
    tax_id: '',
    email_preferences: { general: '1', invoice: '1', support: '1', product: '1', domain: '1', affiliate: '1' },
    statecode: p.city,
    countryname: p.countryName,
    phonecc: '44',
    phonenumberformatted: '+44.1174960123',
    telephoneNumber: '+44.1174960123',
    billingcid: 0,
    notes: '',
    currency: 3,
    defaultgateway: 'paypal',
    groupid: 0,
    status: 'Active',
    credit: '25.00',
    taxexempt: false,
    latefeeoveride: false,
    overideduenotices: false,
    separateinvoices: false,
    disableautocc: false,
    emailoptout: false,
    marketing_emails_opt_in: true,
    overrideautoclose: false,
    allowSingleSignOn: 1,
    email_verified: true,
    language: '',
    isOptedInToMarketingEmails: true,
    lastlogin: 'Date: 14/02/2024 09:12<br>IP Address: 198.51.100.23<br>Host: host-198-51-100-23.example.net',
    currency_code: 'GBP',
    customfields: [{ id: 1, value: 'Search engine' }, { id: 2, value: `ZW-${String(id).padStart(4, '0')}` }],
    customfields1: 'Search engine',
    customfields2: `ZW-${String(id).padStart(4, '0')}`
  }
  return { result: 'success', client: { ...client, users: { user: [{ id, name: client.fullname, email: p.email, is_owner: true }] } }, ...client }
}

/** A GetClients page of `count` rows starting at `offset`, out of `total`. */
export function clientsPage (count, offset = 0, total = 10_000) {
  const rows = []
  for (let i = 0; i < count; i++) rows.push(summaryRow(offset + i + 1))
  return { result: 'success', totalresults: total, startnumber: offset, numreturned: count, clients: { client: rows } }
}

/** WhmcsDetails: the reference read the governor caches. */
export const whmcsDetails = () => ({ result: 'success', whmcs: { version: '8.13.1', canonicalversion: '8.13.1-release.1' } })
