// /auth/login-validations' schemas: an end user's email and password, and what a match answers.
// The password and the answered token are never kept by the service.
import { Type } from 'typebox'
import { component, int32, LINE_MAX } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    ValidateLogin: {
      params: { email: string, password2: string }
      result: { userid?: Loose, passwordhash?: Loose, twoFactorEnabled?: Loose }
    }
  }
}

export const URL_MAX = 2048

export const LoginValidationCreate = component('LoginValidationCreate', Type.Object({
  email: Type.String({ format: 'email', maxLength: LINE_MAX, description: 'The user\'s login email address', examples: ['dana.reyes@example.com'] }),
  password: Type.String({ minLength: 1, maxLength: LINE_MAX, writeOnly: true, description: 'The password to check; never logged, stored or repeated', examples: ['sandbox-password'] })
}, {
  description: 'An end user\'s email address and password, to check against WHMCS',
  additionalProperties: false,
  examples: [{ email: 'dana.reyes@example.com', password: 'sandbox-password' }]
}))

export const LoginValidation = component('LoginValidation', Type.Object({
  userId: Type.Integer({ ...int32(1), description: 'The user the credentials belong to', examples: [33] }),
  twoFactorEnabled: Type.Boolean({ description: 'Whether the user also needs a second factor; the login is then not complete and no session token is given' }),
  passwordHash: Type.Union([Type.String({ maxLength: 256 }), Type.Null()], {
    description: 'WHMCS\'s login session token (its `login_auth_tk`), given once; null when a second factor is needed'
  })
}, { description: 'The email address and password are a user\'s', additionalProperties: false }))
