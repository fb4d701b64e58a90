// Domains: a client's domains (GET /clients/{id}/domains), each domain with its registrar
// commands, nameservers and whois contacts (/domains/{id}...), the availability of a name
// (/domain-availability/{domain}) and TLD pricing (/tld-pricing). All are the Domains group's, so
// they are declared here.
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, pageOf, resource } from '../../src/route/index.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { DOMAIN_KEYS, Domain, DomainAvailability, DomainList, DomainName, DomainRelease, DomainRenew, DomainTransfer, DomainWhois, Nameservers, NameserversUpdate, TldPriceList, asciiDomain, domainFields, readTldPricing, readWhois } from './schemas.js'
import { toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Domains'

/** What a registrar route's 409 and 502 answers mean. */
const REGISTRAR_PROBLEMS = {
  409: 'The domain is not in a state the command applies to',
  502: 'The registrar refused or failed (REGISTRAR_FAILED, its text in `detail`), or WHMCS did'
}

export const routes = [
  listRoute({
    method: 'GET',
    url: '/clients/:id/domains',
    operationId: 'listClientDomains',
    summary: 'List a client\'s domains',
    description: 'Pages through the domains of a client account, optionally only one name.',
    group,
    action: 'GetClientsDomains',
    params: IdPathParams('Client id'),
    query: listQuery({
      domain: Type.Optional({ ...DomainName, description: 'Only this domain name (Unicode or punycode)' })
    }),
    response: DomainList,
    responseDescription: 'A page of the client\'s domains',
    request: ({ params, query }) => ({
      clientid: params.id,
      domain: query.domain === undefined ? undefined : asciiDomain(query.domain, 'query/domain')
    }),
    rows: { key: 'domains', item: 'domain', paging: 'whmcs' },
    read: (d) => domainFields.read(d, DOMAIN_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/domains/:id',
    operationId: 'getDomain',
    summary: 'Get a domain',
    description: 'Returns one domain: its registrar, dates, status, billing and add-ons.',
    group,
    action: 'GetClientsDomains',
    params: IdPathParams('Domain id'),
    status: 200,
    response: ref(Domain),
    responseDescription: 'The domain',
    request: ({ params }) => ({ domainid: params.id }),
    pick: { key: 'domains', item: 'domain', notFound: ({ params }) => `Domain ${params.id} does not exist` },
    read: (domain) => domainFields.read(domain, DOMAIN_KEYS)
  }),

  emptyRoute({
    method: 'POST',
    url: '/domains/:id/register',
    operationId: 'registerDomain',
    summary: 'Register a domain',
    description: 'Sends a Pending domain\'s registration to its registrar, for the domain\'s period; it becomes Active with its expiry date. Answers 409 when the domain is not Pending, and 502 (REGISTRAR_FAILED) with the registrar\'s text when it refuses, for instance because the name is taken.',
    group,
    action: 'DomainRegister',
    failure: 'REGISTRAR_FAILED',
    problems: REGISTRAR_PROBLEMS,
    params: IdPathParams('Domain id', 5),
    responseDescription: 'The domain is registered',
    request: ({ params }) => ({ domainid: params.id })
  }),

  emptyRoute({
    method: 'POST',
    url: '/domains/:id/renew',
    operationId: 'renewDomain',
    summary: 'Renew a domain',
    description: 'Renews a registered domain (Active, Expired, or in grace or redemption) with its registrar; the expiry date moves on by the years renewed. Every call renews again (and the registrar charges for it), so retry only with the same Idempotency-Key.',
    group,
    action: 'DomainRenew',
    failure: 'REGISTRAR_FAILED',
    problems: REGISTRAR_PROBLEMS,
    params: IdPathParams('Domain id', 6),
    body: ref(DomainRenew),
    responseDescription: 'The domain is renewed',
    request: ({ params, body }) => ({ domainid: params.id, regperiod: body.years })
  }),

  emptyRoute({
    method: 'POST',
    url: '/domains/:id/transfer',
    operationId: 'transferDomain',
    summary: 'Transfer a domain in',
    description: 'Asks the domain\'s registrar to transfer a Pending domain in from its current registrar with the authorisation (EPP) code; it becomes Pending Transfer. Answers 502 (REGISTRAR_FAILED) with the registrar\'s text when the registry refuses, for instance for a wrong EPP code.',
    group,
    action: 'DomainTransfer',
    failure: 'REGISTRAR_FAILED',
    problems: REGISTRAR_PROBLEMS,
    params: IdPathParams('Domain id', 7),
    body: ref(DomainTransfer),
    responseDescription: 'The transfer has started',
    request: ({ params, body }) => ({ domainid: params.id, eppcode: body.eppCode })
  }),

  emptyRoute({
    method: 'POST',
    url: '/domains/:id/release',
    operationId: 'releaseDomain',
    summary: 'Release a domain',
    description: 'Releases an Active domain to another registrar\'s tag (a .uk name\'s IPS tag); it becomes Transferred Away. This cannot be undone from here.',
    group,
    action: 'DomainRelease',
    failure: 'REGISTRAR_FAILED',
    problems: REGISTRAR_PROBLEMS,
    params: IdPathParams('Domain id', 8),
    body: ref(DomainRelease),
    responseDescription: 'The domain was released',
    request: ({ params, body }) => ({ domainid: params.id, newtag: body.newTag })
  }),

  itemRoute({
    method: 'GET',
    url: '/domains/:id/nameservers',
    operationId: 'getDomainNameservers',
    summary: 'Get a domain\'s nameservers',
    description: 'Asks the domain\'s registrar for the nameservers the domain has.',
    group,
    action: 'DomainGetNameservers',
    failure: 'REGISTRAR_FAILED',
    problems: { 502: REGISTRAR_PROBLEMS[502] },
    params: IdPathParams('Domain id', 6),
    status: 200,
    response: ref(Nameservers),
    responseDescription: 'The domain\'s nameservers',
    request: ({ params }) => ({ domainid: params.id }),
    // A registrar may repeat a nameserver in its answer; the domain has each one once.
    map: (raw) => ({ nameservers: [...new Set([raw.ns1, raw.ns2, raw.ns3, raw.ns4, raw.ns5].map((ns) => toText(ns, 'ns').toLowerCase()).filter((ns) => ns !== ''))] })
  }),

  emptyRoute({
    method: 'PUT',
    url: '/domains/:id/nameservers',
    operationId: 'setDomainNameservers',
    summary: 'Set a domain\'s nameservers',
    description: 'Replaces the domain\'s nameservers at its registrar with the 2 to 5 given, in order.',
    group,
    action: 'DomainUpdateNameservers',
    failure: 'REGISTRAR_FAILED',
    problems: { 502: REGISTRAR_PROBLEMS[502] },
    params: IdPathParams('Domain id', 6),
    body: ref(NameserversUpdate),
    responseDescription: 'The nameservers were changed',
    request: ({ params, body }) => {
      const [ns1, ns2, ns3, ns4, ns5] = body.nameservers.map((ns, i) => asciiDomain(ns, `body/nameservers/${i}`))
      return { domainid: params.id, ns1: ns1 ?? '', ns2: ns2 ?? '', ns3, ns4, ns5 }
    }
  }),

  itemRoute({
    method: 'GET',
    url: '/domains/:id/whois',
    operationId: 'getDomainWhois',
    summary: 'Get a domain\'s whois contacts',
    description: 'Asks the domain\'s registrar for the registrant, admin, tech and billing contacts it holds.',
    group,
    action: 'DomainGetWhoisInfo',
    failure: 'REGISTRAR_FAILED',
    problems: { 502: REGISTRAR_PROBLEMS[502] },
    params: IdPathParams('Domain id', 6),
    status: 200,
    response: ref(DomainWhois),
    responseDescription: 'The domain\'s contacts',
    request: ({ params }) => ({ domainid: params.id }),
    map: (raw) => readWhois(raw)
  }),

  itemRoute({
    method: 'GET',
    url: '/domain-availability/:domain',
    operationId: 'getDomainAvailability',
    summary: 'Check whether a domain name is free',
    description: 'Looks the name up in its registry\'s whois. Internationalised names may be given in Unicode; they are looked up in punycode. Answers 422 for a TLD WHMCS has no whois server for.',
    group,
    action: 'DomainWhois',
    params: Type.Object({ domain: { ...DomainName, examples: ['example.com'] } }, { additionalProperties: false }),
    status: 200,
    response: ref(DomainAvailability),
    responseDescription: 'Whether the name is free',
    request: ({ params }) => ({ domain: asciiDomain(params.domain, 'params/domain') }),
    map: (raw, { params }) => ({
      domain: asciiDomain(params.domain, 'params/domain'),
      available: toText(raw.status, 'status').toLowerCase() === 'available',
      whois: toText(raw.whois, 'whois')
    })
  }),

  listRoute({
    method: 'GET',
    url: '/tld-pricing',
    operationId: 'listTldPricing',
    summary: 'List TLD prices',
    description: 'The registration, transfer and renewal prices of every TLD on sale, by number of years, in one currency: the client\'s when `clientId` is given, else `currencyId`, else the default one.',
    group,
    action: 'GetTLDPricing',
    cache: true,
    query: listQuery({
      currencyId: Type.Optional(Type.Integer({ ...int32(1), description: 'The currency of the prices', examples: [2] })),
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Prices in this client\'s currency', examples: [1] }))
    }),
    response: TldPriceList,
    responseDescription: 'A page of TLD prices',
    request: ({ query }) => ({ currencyid: query.currencyId, clientid: query.clientId }),
    map: (raw, { query }) => pageOf(readTldPricing(raw), query)
  })
]

export default resource({ schemas, routes })
