// Services (GetClientsProducts' products): a client's instance of a product, with the module
// account it is provisioned as, and the bodies of its changes.
import { Type } from 'typebox'
import { defineMapping, f } from '../mapping.js'
import { BillingCycle } from './catalogue.js'
import { component, int32, listOf, MoneyIn } from './common.js'

/** The statuses of a service. */
export const SERVICE_STATUSES = ['Pending', 'Active', 'Suspended', 'Terminated', 'Cancelled', 'Fraud', 'Completed'] as const

/** The service fields, in the API's words and WHMCS's. */
export const serviceFields = defineMapping({
  id: f.id('id', 'Service id'),
  clientId: f.id('clientid', 'Id of the client the service belongs to'),
  orderId: f.ref('orderid', 'The order that created the service; null when staff added it'),
  productId: f.id('pid', 'The product the service is an instance of'),
  productName: f.text('name', 'Name of the product', { examples: ['Business'] }),
  groupName: f.text('groupname', 'Name of the product group', { examples: ['Shared Hosting'] }),
  domain: f.text('domain', 'Domain name or hostname the service is for; empty when it has none', { examples: ['angstrom-shop.com'] }),
  status: f.enum('status', SERVICE_STATUSES, 'Where the service is in its life: provisioning takes it from Pending to Active, suspension to Suspended and back, termination ends it'),
  serverId: f.ref('serverid', 'The server the account lives on; null before provisioning or for products without one'),
  serverName: f.text('servername', 'Name of that server; empty without one', { examples: ['cPanel 1'] }),
  serverHostname: f.text('serverhostname', 'Hostname of that server; empty without one', { examples: ['cp1.example.net'] }),
  username: f.text('username', 'Username of the module account; empty before provisioning', { examples: ['angshop'] }),
  dedicatedIp: f.text('dedicatedip', 'Dedicated IP address of the service; empty for none', { examples: ['192.0.2.50'] }),
  registrationDate: f.date('regdate', 'When the service was created'),
  billingCycle: f.text('billingcycle', 'Billing cycle, in WHMCS\'s words', { examples: ['Monthly'] }),
  firstPaymentAmount: f.money('firstpaymentamount', 'What the first invoice charged, in the client\'s currency', { examples: ['9.99'] }),
  recurringAmount: f.money('recurringamount', 'What each renewal charges, in the client\'s currency', { examples: ['9.99'] }),
  paymentMethod: f.text('paymentmethod', 'Payment gateway module', { examples: ['paypal'] }),
  nextDueDate: f.date('nextduedate', 'When the next payment is due; null for services never billed again'),
  suspendReason: f.text('suspensionreason', 'Why the service was suspended; empty when it is not', { examples: ['Overdue on payment'] }),
  quantity: f.count('qty', 'How many units of the product the service stands for', { examples: [1] }),
  notes: f.text('notes', 'Notes visible to staff only')
})

export const SERVICE_KEYS = Object.keys(serviceFields.fields) as Array<keyof typeof serviceFields.fields>

export const Service = component('Service', Type.Object(serviceFields.properties(SERVICE_KEYS), {
  description: 'A client\'s service: an instance of a product, with the module account it is provisioned as',
  additionalProperties: false
}))

export const ServiceList = listOf('ServiceList', Service, 'A page of services')

const line = (description: string, examples: string[]) => Type.String({ minLength: 1, maxLength: 255, description, examples })

export const serviceUpdateExample = { notes: 'Moved to the new storefront theme', recurringAmount: '8.99' }

export const ServiceUpdate = component('ServiceUpdate', Type.Object({
  productId: Type.Optional(Type.Integer({ ...int32(1), description: 'Another product for the service; run change-package afterwards to apply it to the module account', examples: [2] })),
  serverId: Type.Optional(Type.Integer({ ...int32(1), description: 'Another server for the service', examples: [2] })),
  domain: Type.Optional(line('The domain name or hostname the service is for', ['angstrom-shop.com'])),
  status: Type.Optional(Type.Enum(SERVICE_STATUSES, { type: 'string', description: 'A status to record without running the module (use provision, suspend, unsuspend and terminate to act on the account)' })),
  billingCycle: Type.Optional(BillingCycle),
  recurringAmount: Type.Optional(MoneyIn('What each renewal charges, in the client\'s currency', '8.99')),
  nextDueDate: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'When the next payment is due', examples: ['2027-01-02'] })),
  paymentMethod: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description: 'Payment gateway module', examples: ['stripe'] })),
  username: Type.Optional(line('Username of the module account', ['angshop'])),
  dedicatedIp: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f:.]{2,45}$', maxLength: 45, description: 'Dedicated IP address of the service (IPv4 or IPv6)', examples: ['192.0.2.50'] })),
  notes: Type.Optional(Type.String({ maxLength: 65_535, description: 'Notes visible to staff only', examples: ['Moved to the new storefront theme'] }))
}, { description: 'Changes to a service: only the fields given are changed. This records them in WHMCS; it does not run the provisioning module.', additionalProperties: false, minProperties: 1, examples: [serviceUpdateExample] }))

export const ServiceSuspend = component('ServiceSuspend', Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Why the service is suspended (shown to the client)', examples: ['Overdue on payment'] }))
}, { description: 'How to suspend a service', additionalProperties: false, examples: [{ reason: 'Overdue on payment' }] }))
