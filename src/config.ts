// The one place that reads the environment. The server passes process.env in once at boot; every
// other module gets the validated Config. A bad value stops the start with one line naming it.
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

const EnvSchema = Type.Object({
  WHMCS_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'WHMCS base URL' })),
  WHMCS_IDENTIFIER: Type.Optional(Type.String({ minLength: 1 })),
  WHMCS_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  WHMCS_ACCESS_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9!@#$%.()*\\[\\]_-]+$' })),
  WHMCS_RESPONSE_TYPE: Type.Union([Type.Literal('json'), Type.Literal('xml')], { default: 'json' }),
  WHMCS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  WHMCS_MAX_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 256, default: 8 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' })
})

type Env = Static<typeof EnvSchema>
const NAMES = Object.keys(EnvSchema.properties) as Array<keyof Env>
const SECRET_NAMES = new Set(['WHMCS_SECRET', 'WHMCS_ACCESS_KEY', 'WHMCS_IDENTIFIER'])

export interface WhmcsConfig {
  url: string
  identifier: string
  secret: string
  accessKey?: string
  responseType: 'json' | 'xml'
  timeoutMs: number
  maxConnections: number
}

export interface Config {
  /** Null when no WHMCS_URL is set: the server then starts the embedded sandbox. */
  whmcs: WhmcsConfig | null
  whmcsDefaults: Pick<WhmcsConfig, 'responseType' | 'timeoutMs' | 'maxConnections'>
  host: string
  port: number
  publicUrl?: string
  logLevel: string
}

export class ConfigError extends Error {
  constructor (readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`)
    this.name = 'ConfigError'
  }
}

const HINTS: Partial<Record<keyof Env, string>> = {
  WHMCS_URL: 'must be an http(s) URL such as https://billing.example.com',
  WHMCS_ACCESS_KEY: 'may only hold letters, digits and ! @ # $ % . ( ) * [ ] - _',
  WHMCS_RESPONSE_TYPE: 'must be json or xml',
  WHMCS_TIMEOUT_MS: 'must be an integer number of milliseconds between 100 and 600000',
  WHMCS_MAX_CONNECTIONS: 'must be an integer between 1 and 256',
  PORT: 'must be an integer between 0 and 65535',
  PUBLIC_URL: 'must be an http(s) URL',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent'
}

/** Validates the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig (source: Record<string, string | undefined>): Config {
  const raw: Record<string, string> = {}
  for (const name of NAMES) {
    const value = source[name]
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim()
  }
  const env = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw))
  const first = Value.Errors(EnvSchema, env)[0]
  if (first !== undefined) {
    const name = first.instancePath.split('/')[1] as keyof Env
    const shown = SECRET_NAMES.has(name) ? '' : ` (got "${raw[name]}")`
    throw new ConfigError(name, `${HINTS[name] ?? first.message}${shown}`)
  }
  const e = env as Env
  if (e.WHMCS_URL === undefined) {
    for (const name of ['WHMCS_IDENTIFIER', 'WHMCS_SECRET', 'WHMCS_ACCESS_KEY'] as const) {
      if (e[name] !== undefined) throw new ConfigError('WHMCS_URL', `is required when ${name} is set`)
    }
  } else {
    for (const name of ['WHMCS_IDENTIFIER', 'WHMCS_SECRET'] as const) {
      if (e[name] === undefined) throw new ConfigError(name, 'is required when WHMCS_URL is set')
    }
  }
  const whmcsDefaults = {
    responseType: e.WHMCS_RESPONSE_TYPE as 'json' | 'xml',
    timeoutMs: e.WHMCS_TIMEOUT_MS,
    maxConnections: e.WHMCS_MAX_CONNECTIONS
  }
  return {
    whmcs: e.WHMCS_URL === undefined
      ? null
      : {
          url: e.WHMCS_URL,
          identifier: e.WHMCS_IDENTIFIER as string,
          secret: e.WHMCS_SECRET as string,
          accessKey: e.WHMCS_ACCESS_KEY,
          ...whmcsDefaults
        },
    whmcsDefaults,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL
  }
}
