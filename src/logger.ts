// Logger options: JSON lines, request ids, and a redact list so that no credential, password or
// card number can reach a log line, whatever a future log call passes in.
import type { LoggerOptions } from 'pino'

const SENSITIVE = [
  'secret', 'identifier', 'accesskey', 'accessKey', 'password', 'password2', 'newpassword', 'cardnum', 'cardNumber',
  'cvv', 'cardcvv', 'bankacct', 'bankcode', 'authorization', 'cookie', 'apiKey', 'token'
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
