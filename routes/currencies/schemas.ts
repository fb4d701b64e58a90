// /currencies' WHMCS side and schemas: the currencies the install bills in.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { toInt } from '../../src/whmcs/normalize.js'
import { component, listOf } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetCurrencies: {
      params: Record<string, never>
      result: { totalresults?: Loose, currencies?: Loose }
    }
  }
}

export const currencyFields = defineMapping({
  id: f.id('id', 'Currency id'),
  code: f.text('code', 'ISO 4217 code', { maxLength: 3, examples: ['USD'] }),
  prefix: f.text('prefix', 'Printed before amounts', { maxLength: 16, examples: ['$'] }),
  suffix: f.text('suffix', 'Printed after amounts', { maxLength: 16, examples: [' USD'] }),
  format: f.custom('format', Type.Integer({ format: 'int32', minimum: 1, maximum: 4, description: 'How amounts are written: 1 = 1234.56, 2 = 1,234.56, 3 = 1.234,56, 4 = 1,234', examples: [2] }),
    (v) => Math.min(4, Math.max(1, toInt(v, 'format') ?? 1))),
  rate: f.money('rate', 'Exchange rate against the default currency', { examples: ['0.92000'] })
})

export const Currency = component('Currency', Type.Object(currencyFields.properties(Object.keys(currencyFields.fields) as Array<keyof typeof currencyFields.fields>), {
  description: 'A currency configured in WHMCS', additionalProperties: false
}))

export const CurrencyList = listOf('CurrencyList', Currency, 'A page of the configured currencies')
