// /emails' schemas: a message sent from one of WHMCS's email templates.
import { Type } from 'typebox'
import { WHMCS_TEXT_MAX } from '../../src/whmcs/fields.js'
import { component, int32, LINE_MAX } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    SendEmail: {
      params: {
        messagename?: string
        id?: Int
        customtype?: string
        customsubject?: string
        custommessage?: string
        /** base64 of a PHP-serialized array of name => value. */
        customvars?: string
      }
      result: Record<string, Loose>
    }
  }
}

export const EMAIL_TYPES = ['general', 'product', 'domain', 'invoice', 'support', 'affiliate'] as const
const CUSTOM_VARS_MAX = 100

export const EmailSend = component('EmailSend', Type.Object({
  messageName: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'The name of an email template to send; or give `customType` for a message of your own', examples: ['Client Signup Email'] })),
  relatedId: Type.Integer({
    ...int32(1),
    description: 'The record the email is about, by the template\'s type: a client id (general), service id (product), domain id, invoice id, ticket id (support) or affiliate id',
    examples: [1]
  }),
  customType: Type.Optional(Type.Enum(EMAIL_TYPES, { type: 'string', description: 'The type of a custom message, which says what `relatedId` is' })),
  customSubject: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'The subject of a custom message', examples: ['Your account'] })),
  customMessage: Type.Optional(Type.String({ minLength: 1, maxLength: WHMCS_TEXT_MAX, description: 'The HTML body of a custom message; `{$name}` is replaced by a custom variable', examples: ['<p>Hello {$first_name}</p>'] })),
  customVars: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,64}$' }), Type.String({ maxLength: WHMCS_TEXT_MAX }), {
    maxProperties: CUSTOM_VARS_MAX, description: `Template variables by name (at most ${CUSTOM_VARS_MAX}), for a template or a custom message`
  }))
}, {
  description: 'An email to a client: a template by name, or a custom message with `customType`, `customSubject` and `customMessage`',
  additionalProperties: false,
  examples: [{ messageName: 'Client Signup Email', relatedId: 1 }]
}))

// ---------------------------------------------------------------- currencies
