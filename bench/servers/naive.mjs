// naive: what a team would write without the facade. Express + axios, JSON.parse (by axios),
// map the fields by hand, res.json. No auth, logging, validation or limits either.
import express from 'express'
import axios from 'axios'
import { listen, upstreamForm } from '../common.mjs'

const api = `${process.env.UPSTREAM_URL}/includes/api.php`
const app = express()

const summary = (c) => ({
  id: Number(c.id),
  firstName: c.firstname,
  lastName: c.lastname,
  companyName: c.companyname,
  email: c.email,
  dateCreated: c.datecreated,
  groupId: Number(c.groupid) || null,
  status: c.status
})

// The same fields the facade answers, converted the way a hand-written service would.
const bool = (v) => v === true || v === 1 || v === '1' || v === 'on' || v === 'true'
const ref = (v) => Number(v) || null
const details = (c) => ({
  id: Number(c.id),
  uuid: c.uuid,
  ownerUserId: ref(c.owner_user_id),
  firstName: c.firstname,
  lastName: c.lastname,
  fullName: c.fullname,
  companyName: c.companyname,
  email: c.email,
  address1: c.address1,
  address2: c.address2,
  city: c.city,
  state: c.state,
  postcode: c.postcode,
  countryCode: c.country ?? c.countrycode,
  countryName: c.countryname,
  phoneNumber: c.phonenumber,
  phoneNumberFormatted: c.phonenumberformatted,
  taxId: c.tax_id,
  status: c.status,
  groupId: ref(c.groupid),
  currencyId: ref(c.currency),
  currencyCode: c.currency_code,
  language: c.language,
  notes: c.notes,
  credit: String(c.credit),
  paymentMethod: c.paymentmethod ?? c.defaultgateway,
  billingContactId: ref(c.billingcid),
  taxExempt: bool(c.taxexempt),
  lateFeeOverride: bool(c.latefeeoveride),
  overdueNoticesOverride: bool(c.overideduenotices),
  separateInvoices: bool(c.separateinvoices),
  disableAutoCc: bool(c.disableautocc),
  overrideAutoClose: bool(c.overrideautoclose),
  emailOptOut: bool(c.emailoptout),
  marketingOptIn: bool(c.marketingoptin ?? c.isOptedInToMarketingEmails),
  allowSingleSignOn: bool(c.allowSingleSignOn),
  emailVerified: bool(c.email_verified),
  emailPreferences: Object.fromEntries(Object.entries(c.email_preferences ?? {}).map(([k, v]) => [k, bool(v)])),
  customFields: (c.customfields ?? []).map((f) => ({ id: Number(f.id), value: f.value })),
  users: (c.users?.user ?? []).map((u) => ({ id: Number(u.id), name: u.name, email: u.email, isOwner: bool(u.is_owner) }))
})

async function call (action, params) {
  const { data } = await axios.post(api, upstreamForm(action, params), {
    headers: { 'content-type': 'application/x-www-form-urlencoded' }
  })
  if (data.result !== 'success') throw new Error(data.message)
  return data
}

app.get('/clients/:id', async (req, res) => {
  const data = await call('GetClientsDetails', { clientid: req.params.id })
  res.json(details(data.client))
})

app.get('/clients', async (req, res) => {
  const limit = Number(req.query.limit ?? 25)
  const offset = Number(req.query.offset ?? 0)
  const data = await call('GetClients', { limitstart: offset, limitnum: limit })
  res.json({ data: data.clients.client.map(summary), meta: { total: Number(data.totalresults), offset, limit } })
})

await listen((port) => new Promise((resolve) => {
  const server = app.listen(port, '127.0.0.1', () => resolve(server.address().port))
  server.keepAliveTimeout = 72_000
}))
