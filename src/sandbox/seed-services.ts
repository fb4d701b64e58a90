// Services set up by staff rather than ordered (so without an order or invoice), one in each
// state of the module lifecycle: a Pending account to provision, Active ones to suspend and
// terminate, a Suspended one, and one whose product was changed but not its package yet.

import type { Store } from './store/index.js'
import type { ServiceRecord } from './store/services.js'

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
    notes: '',
    ...s
  }
}

export function seedServices (store: Store): void {
  store.services.insert(service({ clientId: 1, productId: 1, domain: 'zoe-blog.co.uk', status: 'Pending', firstPaymentCents: 499, recurringCents: 499, nextDueDate: '2024-09-02', nextInvoiceDate: '2024-09-02' }))
  store.services.insert(service({ clientId: 1, productId: 2, domain: 'zoe-shop.com', status: 'Active', serverId: 1, username: 'zoeshop', password: 'Vq8#mZ2r!pL4', packageProductId: 2 }))
  store.services.insert(service({ clientId: 6, productId: 1, domain: 'liam-photos.com', status: 'Suspended', serverId: 2, username: 'liamphot', password: 'Hk3$wN9t@cR7', suspendReason: 'Overdue on payment', firstPaymentCents: 499, recurringCents: 499, packageProductId: 1 }))
  store.services.insert(service({ clientId: 6, productId: 4, domain: 'build.liamjohnson.com', status: 'Active', serverId: 3, username: 'build', password: 'Tz5!bQ1x#eM8', firstPaymentCents: 2200, recurringCents: 1200, packageProductId: 4 }))
  store.services.insert(service({ clientId: 15, productId: 2, domain: 'davis-shop.com', status: 'Active', serverId: 1, username: 'davissho', password: 'Jd4@rF6y!uW2', packageProductId: 1 }))
}
