// Services (GetClientsProducts' products): a client's instance of a product, with the module
// account it is provisioned as, and the bodies of its changes.
import { Type, type Static, type TSchema } from 'typebox'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import type { ActionParams } from '../../src/whmcs/actions.js'
import { serializedFields } from '../../src/whmcs/encode.js'
import { toId, toList, toText } from '../../src/whmcs/normalize.js'
import { component, int32, IsoDate, listOf, MoneyIn, ref } from '../../src/schemas/common.js'
import { CUSTOM_FIELDS_MAX, CustomFieldValue, readCustomFields } from '../clients/schemas.js'
import { BillingCycle, CONFIG_OPTION_TYPES, type ConfigOptionT, ConfigOptionValue, toConfigOptionType } from '../products/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetClientsProducts: {
      params: { limitstart?: Int, limitnum?: Int, clientid?: Int, serviceid?: Int, pid?: Int, domain?: string }
      result: Paged & { products?: Loose }
    }
    UpdateClientProduct: {
      params: {
        serviceid: Int
        pid?: Int
        serverid?: Int
        regdate?: string
        nextduedate?: string
        terminationdate?: string
        domain?: string
        firstpaymentamount?: string
        recurringamount?: string
        autorecalc?: Flag
        paymentmethod?: string
        billingcycle?: string
        subscriptionid?: string
        status?: string
        notes?: string
        serviceusername?: string
        servicepassword?: string
        dedicatedip?: string
        suspendreason?: string
        /** 'on' or 'off', as WHMCS spells it. */
        overideautosuspend?: 'on' | 'off'
        overidesuspenduntil?: string
        /** Fields to clear, by WHMCS's name: an empty value is ignored. */
        unset?: string[]
        /** base64 of a PHP-serialized array: custom field id => value. */
        customfields?: string
        /** base64 of a PHP-serialized array: option id => sub-option id, or array('optionid' => ..., 'qty' => ...). */
        configoptions?: string
      }
      result: { serviceid?: Loose }
    }
    ModuleCreate: { params: { serviceid: Int }, result: Record<string, Loose> }
    ModuleSuspend: { params: { serviceid: Int, suspendreason?: string }, result: Record<string, Loose> }
    ModuleUnsuspend: { params: { serviceid: Int }, result: Record<string, Loose> }
    ModuleTerminate: { params: { serviceid: Int }, result: Record<string, Loose> }
    ModuleChangePackage: { params: { serviceid: Int }, result: Record<string, Loose> }
  }
}

/** The statuses of a service. */
export const SERVICE_STATUSES = ['Pending', 'Active', 'Suspended', 'Terminated', 'Cancelled', 'Fraud', 'Completed'] as const

export const ServiceConfigOption = component('ServiceConfigOption', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Configurable option id: the key to change the choice under', examples: [3] }),
  name: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'The option\'s label', examples: ['Extra RAM'] }),
  type: Type.Enum(CONFIG_OPTION_TYPES, { type: 'string', description: 'How the option is chosen, and so what `value` holds', examples: ['quantity'] }),
  value: Type.String({ maxLength: WHMCS_TEXT_MAX, description: 'What is chosen, as WHMCS shows it: the name of the sub-option for `dropdown` and `radio` (empty when none is), the number of units for `quantity`, 1 or 0 for `yesno`', examples: ['8'] })
}, { description: 'A configurable option of the service\'s product and what the service has of it', additionalProperties: false }))

const readConfigOptions = (v: unknown): Array<Static<typeof ServiceConfigOption>> =>
  toList<Record<string, unknown>>(v, 'configoption').map((o) => ({
    id: toId(o.id, 'config option id'),
    name: toText(o.option, 'config option name'),
    type: toConfigOptionType(o.type),
    value: toText(o.value, 'config option value')
  }))

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
  overrideAutoSuspend: f.bool('overideautosuspend', 'Whether WHMCS\'s automatic suspension of overdue services leaves this one alone'),
  overrideSuspendUntil: f.date('overidesuspenduntil', 'The last day the automatic suspension leaves it alone; null for no end'),
  subscriptionId: f.text('subscriptionid', 'Id of the payment gateway subscription that renews the service; empty for none', { examples: ['sub_1Q2w3E4r5T6y'] }),
  quantity: f.count('qty', 'How many units of the product the service stands for', { examples: [1] }),
  customFields: f.custom('customfields', Type.Array(ref(CustomFieldValue), { description: 'Values of the product\'s custom fields (empty for a field without one)' }), readCustomFields),
  configOptions: f.custom('configoptions', Type.Array(ref(ServiceConfigOption), { description: 'The product\'s configurable options and what the service has of each' }), readConfigOptions),
  notes: f.text('notes', 'Notes visible to staff only')
})

export const SERVICE_KEYS = Object.keys(serviceFields.fields) as Array<keyof typeof serviceFields.fields>

export const Service = component('Service', Type.Object(serviceFields.properties(SERVICE_KEYS), {
  description: 'A client\'s service: an instance of a product, with the module account it is provisioned as',
  additionalProperties: false
}))

export const ServiceList = listOf('ServiceList', Service, 'A page of services')

const line = (description: string, examples: string[]) => Type.String({ minLength: 1, maxLength: 255, description, examples })
/** The most configurable options a product has, with room to spare. */
const CONFIG_OPTIONS_MAX = 100
/** A text WHMCS ignores when empty: null clears it (WHMCS's `unset`). */
const clearable = <S extends TSchema>(schema: S, description: string) => Type.Union([schema, Type.Null()], { description: `${description}; null clears it` })

export const serviceUpdateExample = { notes: 'Moved to the new storefront theme', recurringAmount: '8.99', customFields: [{ id: 1, value: 'Business' }] }

export const ServiceUpdate = component('ServiceUpdate', Type.Object({
  productId: Type.Optional(Type.Integer({ ...int32(1), description: 'Another product for the service; run change-package afterwards to apply it to the module account', examples: [2] })),
  serverId: Type.Optional(Type.Integer({ ...int32(1), description: 'Another server for the service', examples: [2] })),
  domain: Type.Optional(clearable(line('Domain name or hostname', ['angstrom-shop.com']), 'The domain name or hostname the service is for')),
  status: Type.Optional(Type.Enum(SERVICE_STATUSES, { type: 'string', description: 'A status to record without running the module (use provision, suspend, unsuspend and terminate to act on the account)' })),
  billingCycle: Type.Optional(BillingCycle),
  firstPaymentAmount: Type.Optional(MoneyIn('What the first invoice charged, in the client\'s currency', '19.99')),
  recurringAmount: Type.Optional(MoneyIn('What each renewal charges, in the client\'s currency (ignored with `autoRecalculate`)', '8.99')),
  autoRecalculate: Type.Optional(Type.Boolean({ description: 'Set the recurring amount from the catalogue: the product\'s price in the service\'s cycle with its configurable options, after the other changes of this request. A `recurringAmount` given with it is ignored.' })),
  registrationDate: Type.Optional(IsoDate('When the service was created', '2024-09-02')),
  nextDueDate: Type.Optional(IsoDate('When the next payment is due', '2027-01-02')),
  terminationDate: Type.Optional(IsoDate('When the service was terminated (WHMCS keeps it, but its service answers do not show it)', '2026-12-31')),
  overrideAutoSuspend: Type.Optional(Type.Boolean({ description: 'Keep WHMCS\'s automatic suspension of overdue services from suspending this one (until `overrideSuspendUntil`, if set)' })),
  overrideSuspendUntil: Type.Optional(IsoDate('The last day the automatic suspension leaves the service alone, with `overrideAutoSuspend`', '2027-01-31')),
  paymentMethod: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$', maxLength: 64, description: 'Payment gateway module', examples: ['stripe'] })),
  subscriptionId: Type.Optional(clearable(line('Subscription id', ['sub_1Q2w3E4r5T6y']), 'Id of the payment gateway subscription that renews the service')),
  username: Type.Optional(clearable(line('Username', ['angshop']), 'Username of the module account')),
  password: Type.Optional(clearable(line('Password', ['correct-horse-battery']), 'Password of the module account, as WHMCS records it (it is not changed on the server; never answered)')),
  dedicatedIp: Type.Optional(clearable(Type.String({ pattern: '^[0-9A-Fa-f:.]{2,45}$', maxLength: 45, description: 'IPv4 or IPv6 address', examples: ['192.0.2.50'] }), 'Dedicated IP address of the service')),
  suspendReason: Type.Optional(clearable(line('Reason', ['Overdue on payment']), 'Why the service is suspended, as recorded (use suspend to suspend the account)')),
  notes: Type.Optional(clearable(Type.String({ minLength: 1, maxLength: 65_535, description: 'Notes', examples: ['Moved to the new storefront theme'] }), 'Notes visible to staff only')),
  customFields: Type.Optional(Type.Array(ref(CustomFieldValue), { maxItems: CUSTOM_FIELDS_MAX, description: 'Values of the product\'s custom fields; fields left out keep theirs. WHMCS ignores ids that are not the product\'s.' })),
  configOptions: Type.Optional(Type.Array(ref(ConfigOptionValue), { maxItems: CONFIG_OPTIONS_MAX, description: 'Choices of the product\'s configurable options (of the new product with `productId`); options left out keep theirs. WHMCS ignores ids that are not the product\'s. The service reads the product\'s options first, to word each choice as WHMCS takes it.' }))
}, { description: 'Changes to a service: only the fields given are changed. This records them in WHMCS; it does not run the provisioning module.', additionalProperties: false, minProperties: 1, examples: [serviceUpdateExample] }))

export type ServiceUpdateT = Static<typeof ServiceUpdate>

/** The fields WHMCS clears only when named in `unset`, by the API's name and WHMCS's. */
const CLEARABLE = {
  domain: 'domain',
  username: 'serviceusername',
  password: 'servicepassword',
  subscriptionId: 'subscriptionid',
  dedicatedIp: 'dedicatedip',
  suspendReason: 'suspendreason',
  notes: 'notes'
} as const satisfies Partial<Record<keyof ServiceUpdateT, string>>

/**
 * A service update as UpdateClientProduct's parameters. A field set to null is named in `unset`
 * (WHMCS ignores an empty value). Custom fields and config options are base64 PHP-serialized
 * arrays; a `dropdown` or `radio` option takes its sub-option id, while a `yesno` or
 * `quantity` option takes array('optionid' => its one sub-option, 'qty' => the units), since WHMCS
 * records a bare number for those as 0 units. `productOptions` are the options of the service's
 * product (GetProducts), needed only when config options are given; an option not among them is
 * passed on as it is, for WHMCS to ignore.
 */
export function serviceUpdateParams (serviceId: number, body: ServiceUpdateT, productOptions: readonly ConfigOptionT[] = []): ActionParams<'UpdateClientProduct'> {
  const text = <K extends keyof typeof CLEARABLE>(key: K): string | undefined => body[key] ?? undefined
  const cleared = Object.entries(CLEARABLE).flatMap(([key, whmcs]) => (body[key as keyof typeof CLEARABLE] === null ? [whmcs] : []))
  return {
    serviceid: serviceId,
    pid: body.productId,
    serverid: body.serverId,
    domain: text('domain'),
    status: body.status,
    billingcycle: body.billingCycle,
    firstpaymentamount: body.firstPaymentAmount,
    recurringamount: body.recurringAmount,
    autorecalc: body.autoRecalculate,
    regdate: body.registrationDate,
    nextduedate: body.nextDueDate,
    terminationdate: body.terminationDate,
    overideautosuspend: body.overrideAutoSuspend === undefined ? undefined : body.overrideAutoSuspend ? 'on' : 'off',
    overidesuspenduntil: body.overrideSuspendUntil,
    paymentmethod: body.paymentMethod,
    subscriptionid: text('subscriptionId'),
    serviceusername: text('username'),
    servicepassword: text('password'),
    dedicatedip: text('dedicatedIp'),
    suspendreason: text('suspendReason'),
    notes: text('notes'),
    unset: cleared.length === 0 ? undefined : cleared,
    customfields: body.customFields === undefined ? undefined : serializedFields(body.customFields),
    configoptions: body.configOptions === undefined
      ? undefined
      : serializedFields(body.configOptions.map(({ id, value }) => {
        const option = productOptions.find((o) => o.id === id)
        if (option === undefined || option.type === 'dropdown' || option.type === 'radio') return { id, value }
        return { id, value: { optionid: option.options[0]?.id ?? 0, qty: value } }
      }))
  }
}

export const ServiceSuspend = component('ServiceSuspend', Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Why the service is suspended (shown to the client)', examples: ['Overdue on payment'] }))
}, { description: 'How to suspend a service', additionalProperties: false, examples: [{ reason: 'Overdue on payment' }] }))
