// Services and domains set up by staff rather than ordered (so without an order or invoice), one
// in each state of the module lifecycle: a Pending account to provision, Active ones to suspend
// and terminate, a Suspended one, and one whose product was changed but not its package yet; and
// domains for each registrar command: one to register, to renew, to transfer in and to release.

import type { DomainRecord } from '../store/domains.js'
import type { Store } from '../store/index.js'
import type { ServiceRecord } from '../store/services.js'

type Seeded = Pick<ServiceRecord, 'clientId' | 'productId' | 'domain' | 'status'> & Partial<ServiceRecord>

function service (s: Seeded): Omit<ServiceRecord, 'id'> {
  return {
    orderId: 0,
    serverId: 0,
    regDate: '2024-09-02',
    paymentMethod: 'paypal',
    firstPaymentCents: 999,
    recurringCents: 999,
    cycle: 'monthly',
    nextDueDate: '2026-12-02',
    nextInvoiceDate: '2026-12-02',
    username: '',
    password: '',
    dedicatedIp: '',
    configOptions: {},
    customFields: {},
    promotionId: 0,
    quantity: 1,
    subscriptionId: '',
    suspendReason: '',
    terminationDate: null,
    overrideAutoSuspend: false,
    overrideSuspendUntil: null,
    notes: '',
    ...s
  }
}

export function seedServices (store: Store): void {
  store.services.insert(service({ clientId: 2, productId: 1, domain: 'angstrom-blog.se', status: 'Pending', firstPaymentCents: 499, recurringCents: 499, nextDueDate: '2024-09-02', nextInvoiceDate: '2024-09-02' }))
  store.services.insert(service({ clientId: 2, productId: 2, domain: 'angstrom-shop.com', status: 'Active', serverId: 1, username: 'angshop', password: 'Vq8#mZ2r!pL4', packageProductId: 2 }))
  store.services.insert(service({ clientId: 6, productId: 1, domain: 'liam-photos.com', status: 'Suspended', serverId: 2, username: 'liamphot', password: 'Hk3$wN9t@cR7', suspendReason: 'Overdue on payment', firstPaymentCents: 499, recurringCents: 499, packageProductId: 1 }))
  store.services.insert(service({ clientId: 6, productId: 4, domain: 'build.liamjohnson.com', status: 'Active', serverId: 3, username: 'build', password: 'Tz5!bQ1x#eM8', firstPaymentCents: 2200, recurringCents: 1200, packageProductId: 4 }))
  store.services.insert(service({ clientId: 15, productId: 2, domain: 'davis-shop.com', status: 'Active', serverId: 1, username: 'davissho', password: 'Jd4@rF6y!uW2', packageProductId: 1 }))
}

type SeededDomain = Pick<DomainRecord, 'clientId' | 'domain' | 'status' | 'registrar'> & Partial<DomainRecord>

function domain (d: SeededDomain): Omit<DomainRecord, 'id'> {
  return {
    orderId: 0,
    type: 'Register',
    registrationDate: null,
    expiryDate: null,
    period: 1,
    firstPaymentCents: 1199,
    recurringCents: 1299,
    nextDueDate: null,
    nextInvoiceDate: null,
    paymentMethod: 'paypal',
    nameservers: ['ns1.example.net', 'ns2.example.net'],
    eppCode: '',
    dnsManagement: false,
    emailForwarding: false,
    idProtection: false,
    doNotRenew: false,
    subscriptionId: '',
    promotionId: 0,
    ...d
  }
}

export function seedDomains (store: Store): void {
  store.domains.insert(domain({ clientId: 2, domain: 'angstrom-fysik.com', status: 'Pending', registrar: 'enom', period: 2 }))
  store.domains.insert(domain({
    clientId: 2,
    domain: 'angstrom-lab.io',
    status: 'Active',
    registrar: 'openprovider',
    registrationDate: '2023-05-20',
    expiryDate: '2027-05-20',
    nextDueDate: '2027-05-20',
    nextInvoiceDate: '2027-05-20',
    firstPaymentCents: 3999,
    recurringCents: 3999,
    nameservers: ['ns1.angstrom-lab.io', 'ns2.angstrom-lab.io', 'ns3.example.net'],
    contacts: {
      Tech: { firstName: 'Dev', lastName: 'Ops', companyName: 'Ångström Lab', email: 'ops@angstrom-lab.io', address1: 'Lägerhyddsvägen 1', address2: '', city: 'Uppsala', state: 'Uppsala län', postcode: '752 37', country: 'SE', phone: '+46.184710000' }
    }
  }))
  store.domains.insert(domain({ clientId: 6, domain: 'liamjohnson.net', status: 'Pending', registrar: 'enom', type: 'Transfer', eppCode: 'Lq9$vX4!mT', firstPaymentCents: 1399, recurringCents: 1499 }))
  store.domains.insert(domain({
    clientId: 2,
    domain: 'angstrom.co.uk',
    status: 'Active',
    registrar: 'openprovider',
    registrationDate: '2024-01-15',
    expiryDate: '2027-01-15',
    nextDueDate: '2027-01-15',
    nextInvoiceDate: '2027-01-15',
    firstPaymentCents: 799,
    recurringCents: 799
  }))
}
