// Logger options: JSON lines, request ids, and redaction so that no credential, password or card
// number can reach a log line, whatever a future log call passes in.
//
// Redaction is by key name at any depth (to MAX_DEPTH), in one pass over what a call logs, rather
// than pino's `redact` paths: covering nested keys took `*.x` and `*.*.x` paths for each name, and
// pino ran every one of them on every line, which cost ~20 µs a line, more than the rest of the
// request's logging (bench/RESULTS.md).
import { stdSerializers, type LoggerOptions } from 'pino'

const SENSITIVE = [
  'secret', 'identifier', 'accesskey', 'password', 'password2', 'newpassword', 'servicepassword', 'cardnum', 'cardnumber',
  'cvv', 'cardcvv', 'bankacct', 'bankcode', 'authorization', 'cookie', 'set-cookie', 'x-api-key', 'apikey', 'token',
  // AddPayMethod's card and bank details, in WHMCS's words and in the API's (matched case-insensitively).
  'card_number', 'card_expiry', 'card_start', 'card_issue_number', 'cardexpiry', 'cardstart', 'cardissuenumber',
  'bank_code', 'bank_account', 'bankaccount',
  // One-time secrets WHMCS hands out: login session tokens, SSO tokens (and the URLs carrying
  // them), OAuth client secrets; in WHMCS's words and in the API's (matched case-insensitively).
  'passwordhash', 'access_token', 'accesstoken', 'redirect_url', 'redirecturl', 'clientsecret', 'client_secret'
]
const SENSITIVE_KEYS: ReadonlySet<string> = new Set(SENSITIVE)

export const CENSOR = '[redacted]'
/** Deeper than anything the service logs; past it, values are logged as they are. */
const MAX_DEPTH = 8

/** Whether a key names a secret (case-insensitive: `accessKey`, `Authorization`, `cardNumber`...). */
export const isSensitive = (key: string): boolean => SENSITIVE_KEYS.has(key.toLowerCase())

/**
 * `value` with the value of every sensitive key replaced by CENSOR, in plain objects (null-prototype
 * ones such as request headers included) and arrays at any depth up to MAX_DEPTH. Nothing is
 * mutated: objects on the way to a sensitive key are copied, the rest is shared, and a value with
 * nothing to redact is returned as it is. Class instances (a request, a reply) are left to their
 * serializers, which pick fixed fields; errors are serialized first (see `serializers.err`).
 */
export function redact (value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const out = redact(item, depth + 1)
      if (out !== item) (copy ??= value.slice())[i] = out
    }
    return copy ?? value
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  const record = value as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(record)) {
    const item = record[key]
    const out = isSensitive(key) ? CENSOR : redact(item, depth + 1)
    if (out !== item) (copy ??= { ...record })[key] = out
  }
  return copy ?? value
}

/**
 * pino's own redaction, for top-level keys only (cheap: one lookup per key). It is what covers a
 * child logger's bindings, which pino writes out without calling any formatter.
 */
const TOP_LEVEL_PATHS = [...SENSITIVE, 'servicePassword', 'accessKey', 'cardNumber', 'apiKey', 'passwordHash', 'accessToken', 'redirectUrl', 'clientSecret', 'cardExpiry', 'cardStart', 'cardIssueNumber', 'bankCode', 'bankAccount'].map((k) => (/^\w+$/.test(k) ? k : `["${k}"]`))

export function loggerOptions (level: string): LoggerOptions {
  return {
    level,
    redact: { paths: TOP_LEVEL_PATHS, censor: CENSOR },
    // What a call logs, at any depth, before pino's serializers run.
    formatters: { log: (object) => redact(object) as Record<string, unknown> },
    serializers: {
      // An error's own properties are copied out by the serializer (into an object with its own
      // prototype, hence the spread), so they are redacted after it.
      err: (err: Error) => redact({ ...stdSerializers.err(err) })
    }
  }
}
