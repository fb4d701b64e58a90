// The one place that reads the environment. The server passes process.env in once at boot; every
// other module gets the validated Config. A bad value stops the start with one line naming it.
import type { BlockList } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { addressRanges } from './auth/addresses.js'

/** The highest request budget a key may have (RATE_LIMIT_PER_MINUTE, a keys file's ratePerMinute). */
export const MAX_RATE_PER_MINUTE = 1_000_000
/** The rate limit's window: budgets are per minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000
/** The longest BREAKER_COOLDOWN_MS, and so the longest Retry-After the service sends. */
export const MAX_BREAKER_COOLDOWN_MS = 600_000
/** The longest LOGIN_RATE_LIMIT_WINDOW_SECONDS. */
export const MAX_LOGIN_WINDOW_SECONDS = 86_400
/** A WHMCS general setting's name, as CONFIG_SETTINGS_ALLOWED lists it and the API takes it. */
export const SETTING_NAME = '^[A-Za-z][A-Za-z0-9_]{0,63}$'
/** The date formats WHMCS offers (General Settings → Localisation), in which it reads some dates. */
export const WHMCS_DATE_FORMATS = ['DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM/DD/YYYY', 'YYYY/MM/DD', 'YYYY-MM-DD'] as const
export type WhmcsDateFormat = typeof WHMCS_DATE_FORMATS[number]
/** How long a global concurrency lease lives unless renewed: an instance that died frees its slots after this. */
export const LEASE_MS = 10_000

const EnvSchema = Type.Object({
  WHMCS_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$', description: 'WHMCS base URL' })),
  WHMCS_IDENTIFIER: Type.Optional(Type.String({ minLength: 1 })),
  WHMCS_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  WHMCS_ACCESS_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9!@#$%.()*\\[\\]_-]+$' })),
  WHMCS_RESPONSE_TYPE: Type.Union([Type.Literal('json'), Type.Literal('xml')], { default: 'json' }),
  // undici checks its timers on a ~0.5 s tick, so a shorter timeout would not be honoured.
  WHMCS_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 30_000 }),
  WHMCS_MAX_CONNECTIONS: Type.Integer({ minimum: 1, maximum: 256, default: 8 }),
  WHMCS_DATE_FORMAT: Type.Enum(WHMCS_DATE_FORMATS, { default: 'DD/MM/YYYY' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  // Callers and their limits
  API_KEYS: Type.Optional(Type.String({ minLength: 1 })),
  API_KEYS_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AUTH_DISABLED: Type.Boolean({ default: false }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MINUTE, default: 600 }),
  IDEMPOTENCY_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 30 * 86_400, default: 86_400 }),
  REQUEST_DEADLINE_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  // The upstream governor
  WHMCS_MAX_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 4 }),
  WHMCS_QUEUE_LIMIT: Type.Integer({ minimum: 0, maximum: 100_000, default: 64 }),
  WHMCS_READ_RETRIES: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
  BREAKER_FAILURE_THRESHOLD: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  BREAKER_COOLDOWN_MS: Type.Integer({ minimum: 100, maximum: MAX_BREAKER_COOLDOWN_MS, default: 10_000 }),
  CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 30_000 }),
  // The most dangerous operations
  CONFIG_SETTINGS_ALLOWED: Type.Optional(Type.String({ pattern: `^${SETTING_NAME.slice(1, -1)}(\\s*,\\s*${SETTING_NAME.slice(1, -1)})*$` })),
  LOGIN_RATE_LIMIT_PER_EMAIL: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  LOGIN_RATE_LIMIT_PER_KEY: Type.Integer({ minimum: 1, maximum: MAX_RATE_PER_MINUTE, default: 100 }),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: MAX_LOGIN_WINDOW_SECONDS, default: 300 }),
  // Several instances: shared state in Redis
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://[^\\s]+$' })),
  REDIS_KEY_PREFIX: Type.String({ pattern: '^[A-Za-z0-9:._-]{1,64}$', default: 'whmcs-rest:' }),
  WHMCS_GLOBAL_MAX_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 }))
})

type Env = Static<typeof EnvSchema>
const NAMES = Object.keys(EnvSchema.properties) as Array<keyof Env>
// REDIS_URL may carry a password (redis://:password@host).
const SECRET_NAMES = new Set(['WHMCS_SECRET', 'WHMCS_ACCESS_KEY', 'WHMCS_IDENTIFIER', 'API_KEYS', 'REDIS_URL'])

export interface WhmcsConfig {
  url: string
  identifier: string
  secret: string
  accessKey?: string
  responseType: 'json' | 'xml'
  timeoutMs: number
  maxConnections: number
}

/** Limits on what the facade asks of WHMCS, which serves calls from a few PHP workers. */
export interface GovernorConfig {
  /** Concurrent WHMCS calls at most from this instance; more wait in a queue. */
  maxConcurrency: number
  /**
   * Concurrent WHMCS calls at most from all the instances sharing a Redis (leases in Redis);
   * default maxConcurrency. Without a shared store only maxConcurrency applies.
   */
  globalMaxConcurrency?: number
  /** Calls that may wait; past that, 503 with Retry-After. */
  queueLimit: number
  /** Retries of a read after a transport failure; writes are never retried. */
  readRetries: number
  /** Consecutive transport failures that open the circuit breaker. */
  breakerFailureThreshold: number
  /** How long the open breaker answers 503 before letting a probe through. */
  breakerCooldownMs: number
  /** Lifetime of cached reference reads; 0 turns the cache off. */
  cacheTtlMs: number
}

export interface AuthConfig {
  /** Raw keys with full access (API_KEYS), hashed as soon as they are read. */
  rawKeys: string[]
  /** A JSON or YAML keys file (API_KEYS_FILE). */
  keysFile?: string
  /** AUTH_DISABLED=true: no key is asked for (logged as a warning at every start). */
  disabled: boolean
}

/** The stricter budget of login validations (credential stuffing through the service). */
export interface LoginLimitConfig {
  /** Attempts per email address in a window, whoever makes them. */
  perEmail: number
  /** Attempts per API key (per address without auth) in a window. */
  perKey: number
  windowMs: number
}

/** Where the state several instances must share lives: in memory (one instance) or in Redis. */
export interface StateConfig {
  /** Unset: this instance's own memory. */
  redisUrl?: string
  /** Prefix of every Redis key, so several services can share one Redis. */
  keyPrefix: string
  /** Lifetime of a global concurrency lease without renewal (renewed every third of it while held). */
  leaseMs: number
  /** How long start-up waits for Redis before refusing to start. */
  connectTimeoutMs: number
  /** A Redis command slower than this fails, and the request degrades as if Redis were down. */
  commandTimeoutMs: number
}

/** Everything the application plugin needs besides the WHMCS connection. */
export interface AppSettings {
  governor: GovernorConfig
  state: StateConfig
  auth: AuthConfig
  rateLimitPerMinute: number
  idempotencyTtlMs: number
  requestDeadlineMs: number
  /** General settings that may be read or written through the API (CONFIG_SETTINGS_ALLOWED); none by default. */
  configSettingsAllowed: string[]
  loginLimit: LoginLimitConfig
  /** The date format of the WHMCS installation, in which it reads the dates of some filters. */
  whmcsDateFormat: WhmcsDateFormat
}

/**
 * Whose X-Forwarded-For the service believes (TRUST_PROXY): nobody's (the TCP peer is the caller),
 * the proxies at these addresses, or the last N hops, however they got there.
 */
export type TrustProxy = false | number | BlockList

/** The most proxy hops TRUST_PROXY may name. */
export const MAX_PROXY_HOPS = 10

export interface Config {
  /** Null when no WHMCS_URL is set: the server then starts the embedded sandbox. */
  whmcs: WhmcsConfig | null
  whmcsDefaults: Pick<WhmcsConfig, 'responseType' | 'timeoutMs' | 'maxConnections'>
  settings: AppSettings
  host: string
  port: number
  publicUrl?: string
  trustProxy: TrustProxy
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
  WHMCS_TIMEOUT_MS: 'must be an integer number of milliseconds between 1000 and 600000',
  WHMCS_MAX_CONNECTIONS: 'must be an integer between 1 and 256',
  PORT: 'must be an integer between 0 and 65535',
  PUBLIC_URL: 'must be an http(s) URL',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
  AUTH_DISABLED: 'must be true or false',
  WHMCS_DATE_FORMAT: `must be one of ${WHMCS_DATE_FORMATS.join(', ')}`,
  CONFIG_SETTINGS_ALLOWED: 'must be a comma-separated list of WHMCS setting names such as SystemURL,Language',
  REDIS_URL: 'must be a redis:// or rediss:// URL such as redis://redis:6379/0',
  REDIS_KEY_PREFIX: 'must be 1 to 64 letters, digits or : . _ -'
}

const TRUST_PROXY_HINT = `must be false, a number of proxy hops (1 to ${MAX_PROXY_HOPS}), or a comma-separated list of proxy addresses or CIDR ranges such as 10.0.0.0/8,172.16.0.0/12`

function trustProxy (value: string | undefined): TrustProxy {
  if (value === undefined || value.toLowerCase() === 'false') return false
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops < 1 || hops > MAX_PROXY_HOPS) throw new ConfigError('TRUST_PROXY', `${TRUST_PROXY_HINT} (got "${value}")`)
    return hops
  }
  try {
    return addressRanges(value.split(',').map((entry) => entry.trim()))
  } catch (err) {
    throw new ConfigError('TRUST_PROXY', `${TRUST_PROXY_HINT}: ${(err as Error).message}`)
  }
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
  if (e.WHMCS_GLOBAL_MAX_CONCURRENCY !== undefined && e.REDIS_URL === undefined) {
    throw new ConfigError('WHMCS_GLOBAL_MAX_CONCURRENCY', 'needs REDIS_URL: a cap across instances is kept in Redis (WHMCS_MAX_CONCURRENCY caps one instance)')
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
    settings: {
      governor: {
        maxConcurrency: e.WHMCS_MAX_CONCURRENCY,
        globalMaxConcurrency: e.WHMCS_GLOBAL_MAX_CONCURRENCY ?? e.WHMCS_MAX_CONCURRENCY,
        queueLimit: e.WHMCS_QUEUE_LIMIT,
        readRetries: e.WHMCS_READ_RETRIES,
        breakerFailureThreshold: e.BREAKER_FAILURE_THRESHOLD,
        breakerCooldownMs: e.BREAKER_COOLDOWN_MS,
        cacheTtlMs: e.CACHE_TTL_MS
      },
      state: {
        redisUrl: e.REDIS_URL,
        keyPrefix: e.REDIS_KEY_PREFIX,
        leaseMs: LEASE_MS,
        connectTimeoutMs: 5_000,
        commandTimeoutMs: 1_000
      },
      auth: {
        rawKeys: (e.API_KEYS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== ''),
        keysFile: e.API_KEYS_FILE,
        disabled: e.AUTH_DISABLED
      },
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      idempotencyTtlMs: e.IDEMPOTENCY_TTL_SECONDS * 1000,
      requestDeadlineMs: e.REQUEST_DEADLINE_MS,
      configSettingsAllowed: (e.CONFIG_SETTINGS_ALLOWED ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
      loginLimit: {
        perEmail: e.LOGIN_RATE_LIMIT_PER_EMAIL,
        perKey: e.LOGIN_RATE_LIMIT_PER_KEY,
        windowMs: e.LOGIN_RATE_LIMIT_WINDOW_SECONDS * 1000
      },
      whmcsDateFormat: e.WHMCS_DATE_FORMAT as WhmcsDateFormat
    },
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    trustProxy: trustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL
  }
}
