// The WHMCS side and schemas of a client's credit and stored pay methods. Every amount is a decimal
// string, in and out.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { component, int32, IsoDate, listOf, MoneyIn, MoneyOut } from '../../src/schemas/common.js'
import { Gateway } from '../invoices/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetCredits: {
      params: { clientid: Int }
      result: { totalresults?: Loose, clientid?: Loose, credits?: Loose }
    }
    AddCredit: {
      params: { clientid: Int, description: string, amount: string, date?: string, type?: 'add' | 'remove' }
      result: { newbalance?: Loose }
    }
    GetPayMethods: {
      params: { clientid: Int, paymethodid?: Int, type?: 'BankAccount' | 'CreditCard' }
      result: { clientid?: Loose, paymethods?: Loose }
    }
    AddPayMethod: {
      params: {
        clientid: Int
        type: 'CreditCard' | 'RemoteCreditCard' | 'BankAccount'
        description?: string
        gateway_module_name?: string
        card_number?: string
        card_expiry?: string
        card_start?: string
        card_issue_number?: string
        bank_name?: string
        bank_account_type?: string
        bank_code?: string
        bank_account?: string
        set_as_default?: Flag
      }
      result: { clientid?: Loose, paymethodid?: Loose }
    }
  }
}

export const creditFields = defineMapping({
  id: f.id('id', 'Credit log entry id'),
  date: f.date('date', 'When the credit was added or taken'),
  description: f.text('description', 'Why', { examples: ['Goodwill credit'] }),
  amount: f.money('amount', 'Credit added (positive) or taken (negative)', { examples: ['25.00'] }),
  invoiceId: f.ref('relid', 'The invoice the credit came from or went to; null for none')
})

export const Credit = component('Credit', Type.Object(creditFields.properties(Object.keys(creditFields.fields) as Array<keyof typeof creditFields.fields>), {
  description: 'An entry of a client\'s credit log', additionalProperties: false
}))
export const CreditList = listOf('CreditList', Credit, 'A page of a client\'s credit log, oldest first')

export const CreditCreate = component('CreditCreate', Type.Object({
  type: Type.Optional(Type.Enum(['add', 'remove'], { type: 'string', default: 'add', description: 'Add credit, or take it away' })),
  amount: MoneyIn('The amount of credit to add or remove', '25.00'),
  description: Type.String({ minLength: 1, maxLength: 1000, description: 'Why (staff only)', examples: ['Goodwill credit for the outage'] }),
  date: Type.Optional(IsoDate('The date of the entry; today when left out'))
}, { description: 'Credit to add to or remove from a client', additionalProperties: false, examples: [{ amount: '25.00', description: 'Goodwill credit for the outage' }] }))

export const CreditBalance = component('CreditBalance', Type.Object({
  clientId: Type.Integer({ ...int32(1), description: 'The client', examples: [1] }),
  balance: MoneyOut('The client\'s credit balance afterwards', ['50.00'])
}, { description: 'The client\'s new credit balance', additionalProperties: false }))

// ---------------------------------------------------------------- pay methods

export const PAY_METHOD_TYPES = ['CreditCard', 'RemoteCreditCard', 'BankAccount', 'RemoteBankAccount'] as const

export const payMethodFields = defineMapping({
  id: f.id('id', 'Pay method id'),
  type: f.text('type', `Kind of pay method: ${PAY_METHOD_TYPES.join(', ')}`, { maxLength: 32, examples: ['RemoteCreditCard'] }),
  description: f.text('description', 'Its name for the client', { maxLength: 255, examples: ['Personal Visa'] }),
  gateway: f.text('gateway_name', 'Gateway module holding it; empty when WHMCS stores it', { maxLength: 64, examples: ['stripe'] }),
  cardLastFour: f.text('card_last_four', 'Last four digits of the card; empty for a bank account', { maxLength: 4, examples: ['4242'] }),
  cardType: f.text('card_type', 'Card brand; empty for a bank account', { maxLength: 32, examples: ['Visa'] }),
  expiryDate: f.text('expiry_date', 'Card expiry (MM/YY); empty for a bank account', { maxLength: 5, examples: ['12/29'] }),
  bankName: f.text('bank_name', 'Name of the bank; empty for a card', { maxLength: 255, examples: ['Northern Bank'] })
})

export const PayMethod = component('PayMethod', Type.Object(payMethodFields.properties(Object.keys(payMethodFields.fields) as Array<keyof typeof payMethodFields.fields>), {
  description: 'A stored card or bank account. Card numbers are never shown beyond their last four digits', additionalProperties: false
}))
export const PayMethodList = listOf('PayMethodList', PayMethod, 'A page of a client\'s pay methods')

export const PayMethodCreate = component('PayMethodCreate', Type.Object({
  type: Type.Enum(['CreditCard', 'RemoteCreditCard', 'BankAccount'], { type: 'string', description: 'A card WHMCS stores, a card a gateway stores (tokenised), or a bank account' }),
  description: Type.Optional(Type.String({ maxLength: 255, description: 'Its name for the client', examples: ['Personal Visa'] })),
  gateway: Type.Optional(Gateway('Gateway module to store it with (required for RemoteCreditCard)')),
  cardNumber: Type.Optional(Type.String({ pattern: '^[0-9 ]{12,23}$', maxLength: 23, description: 'Card number; passed to WHMCS and never logged or returned', examples: ['4242424242424242'] })),
  cardExpiry: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])/?\\d{2}$', maxLength: 5, description: 'Card expiry, MMYY or MM/YY', examples: ['12/29'] })),
  cardStart: Type.Optional(Type.String({ pattern: '^(0[1-9]|1[0-2])/?\\d{2}$', maxLength: 5, description: 'Card start date, MMYY or MM/YY' })),
  cardIssueNumber: Type.Optional(Type.String({ pattern: '^\\d{1,4}$', maxLength: 4, description: 'Card issue number' })),
  bankName: Type.Optional(Type.String({ maxLength: 255, description: 'Name of the bank', examples: ['Northern Bank'] })),
  bankAccountType: Type.Optional(Type.Enum(['Checking', 'Savings'], { type: 'string', description: 'Kind of bank account' })),
  bankCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{1,34}$', maxLength: 34, description: 'Routing number or sort code; never logged or returned' })),
  bankAccount: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z -]{1,34}$', maxLength: 34, description: 'Account number; never logged or returned' })),
  setAsDefault: Type.Optional(Type.Boolean({ default: false, description: 'Make it the client\'s default pay method' }))
}, {
  description: 'A card or bank account to store for a client',
  additionalProperties: false,
  examples: [{ type: 'RemoteCreditCard', gateway: 'stripe', description: 'Personal Visa', cardNumber: '4242424242424242', cardExpiry: '12/29' }]
}))

export const PayMethodCreated = component('PayMethodCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new pay method', examples: [5] }),
  clientId: Type.Integer({ ...int32(1), description: 'The client it belongs to', examples: [1] })
}, { description: 'The pay method was stored', additionalProperties: false }))

// ---------------------------------------------------------------- quotes
