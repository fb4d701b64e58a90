// Logger options: JSON lines, request ids, and a redact list so that no credential, password or
// card number can reach a log line, whatever a future log call passes in.
import type { LoggerOptions } from 'pino'

const SENSITIVE = [
  'secret', 'identifier', 'accesskey', 'accessKey', 'password', 'password2', 'newpassword', 'cardnum', 'cardNumber',
  'cvv', 'cardcvv', 'bankacct', 'bankcode',
  // AddPayMethod's card and bank details, in WHMCS's words and in the API's.
  'card_number', 'card_expiry', 'card_start', 'card_issue_number', 'cardExpiry', 'cardStart', 'cardIssueNumber',
  'bank_code', 'bank_account', 'bankCode', 'bankAccount', 'authorization', 'cookie', 'apiKey', 'token',
  // One-time secrets WHMCS hands out: login session tokens, SSO tokens (and the URLs carrying
  // them), OAuth client secrets; in WHMCS's words and in the API's.
  'passwordhash', 'passwordHash', 'access_token', 'accessToken', 'redirect_url', 'redirectUrl', 'clientSecret', 'client_secret'
]

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`)
]

export function loggerOptions (level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' }
  }
}
