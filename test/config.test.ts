import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('no configuration at all selects the embedded sandbox with defaults', async (t) => {
  const c = loadConfig({})
  t.equal(c.whmcs, null)
  t.same(c.whmcsDefaults, { responseType: 'json', timeoutMs: 30_000, maxConnections: 8 })
  t.equal(c.port, 3000)
  t.equal(c.host, '127.0.0.1')
  t.equal(c.logLevel, 'info')
})

t.test('a real WHMCS is configured by three variables', async (t) => {
  const c = loadConfig({ WHMCS_URL: 'https://billing.example.com/', WHMCS_IDENTIFIER: 'id', WHMCS_SECRET: 's3cret', WHMCS_RESPONSE_TYPE: 'xml', WHMCS_TIMEOUT_MS: '5000', PORT: '8080' })
  t.match(c.whmcs, { url: 'https://billing.example.com/', identifier: 'id', secret: 's3cret', responseType: 'xml', timeoutMs: 5000 })
  t.equal(c.port, 8080)
})

t.test('the settings allow-list is empty by default and read as a list of names', async (t) => {
  t.same(loadConfig({}).settings.configSettingsAllowed, [])
  t.same(loadConfig({ CONFIG_SETTINGS_ALLOWED: ' SystemURL, Language ,CompanyName ' }).settings.configSettingsAllowed, ['SystemURL', 'Language', 'CompanyName'])
})

t.test('login checks have a stricter budget, configurable', async (t) => {
  t.same(loadConfig({}).settings.loginLimit, { perEmail: 5, perKey: 100, windowMs: 300_000 })
  t.same(loadConfig({ LOGIN_RATE_LIMIT_PER_EMAIL: '3', LOGIN_RATE_LIMIT_PER_KEY: '20', LOGIN_RATE_LIMIT_WINDOW_SECONDS: '60' }).settings.loginLimit, { perEmail: 3, perKey: 20, windowMs: 60_000 })
  t.equal(loadConfig({}).settings.whmcsDateFormat, 'DD/MM/YYYY')
  t.equal(loadConfig({ WHMCS_DATE_FORMAT: 'YYYY-MM-DD' }).settings.whmcsDateFormat, 'YYYY-MM-DD')
})

const bad: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ WHMCS_URL: 'billing.example.com', WHMCS_IDENTIFIER: 'a', WHMCS_SECRET: 'b' }, 'WHMCS_URL'],
  [{ WHMCS_URL: 'https://billing.example.com' }, 'WHMCS_IDENTIFIER'],
  [{ WHMCS_URL: 'https://billing.example.com', WHMCS_IDENTIFIER: 'a' }, 'WHMCS_SECRET'],
  [{ WHMCS_SECRET: 'b' }, 'WHMCS_URL'],
  [{ WHMCS_RESPONSE_TYPE: 'nvp' }, 'WHMCS_RESPONSE_TYPE'],
  [{ WHMCS_TIMEOUT_MS: '10' }, 'WHMCS_TIMEOUT_MS'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
  [{ WHMCS_URL: 'https://b.example.com', WHMCS_IDENTIFIER: 'a', WHMCS_SECRET: 'b', WHMCS_ACCESS_KEY: 'has space' }, 'WHMCS_ACCESS_KEY'],
  [{ CONFIG_SETTINGS_ALLOWED: 'SystemURL;Language' }, 'CONFIG_SETTINGS_ALLOWED'],
  [{ CONFIG_SETTINGS_ALLOWED: 'SystemURL,,Language' }, 'CONFIG_SETTINGS_ALLOWED'],
  [{ LOGIN_RATE_LIMIT_PER_EMAIL: '0' }, 'LOGIN_RATE_LIMIT_PER_EMAIL'],
  [{ LOGIN_RATE_LIMIT_WINDOW_SECONDS: '90000' }, 'LOGIN_RATE_LIMIT_WINDOW_SECONDS'],
  [{ WHMCS_DATE_FORMAT: 'D/M/Y' }, 'WHMCS_DATE_FORMAT'],
  [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
  [{ REDIS_URL: 'redis://r:6379', REDIS_KEY_PREFIX: 'has space' }, 'REDIS_KEY_PREFIX'],
  [{ WHMCS_GLOBAL_MAX_CONCURRENCY: '4' }, 'WHMCS_GLOBAL_MAX_CONCURRENCY'],
  [{ REDIS_URL: 'redis://r:6379', WHMCS_GLOBAL_MAX_CONCURRENCY: '0' }, 'WHMCS_GLOBAL_MAX_CONCURRENCY']
]

t.test('a bad or missing value stops the start with one line naming it', async (t) => {
  for (const [env, variable] of bad) {
    const err = t.throws(() => loadConfig(env), ConfigError) as ConfigError
    t.equal(err.variable, variable, JSON.stringify(env))
    t.match(err.message, new RegExp(`^Invalid configuration: ${variable} `))
    t.notMatch(err.message, /\n/)
  }
})

t.test('secret values are never repeated in a configuration error', async (t) => {
  const err = t.throws(() => loadConfig({ WHMCS_URL: 'https://b.example.com', WHMCS_IDENTIFIER: 'a', WHMCS_SECRET: 'b', WHMCS_ACCESS_KEY: 'top secret key' })) as Error
  t.notMatch(err.message, /top secret key/)
})

t.test('shared state: in memory by default; REDIS_URL puts it in Redis with a global WHMCS cap', async (t) => {
  const memory = loadConfig({ WHMCS_MAX_CONCURRENCY: '3' }).settings
  t.equal(memory.state.redisUrl, undefined)
  t.equal(memory.state.keyPrefix, 'whmcs-rest:')
  t.equal(memory.governor.globalMaxConcurrency, 3, 'the global cap defaults to the per-instance one')
  const shared = loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/1', REDIS_KEY_PREFIX: 'billing:', WHMCS_GLOBAL_MAX_CONCURRENCY: '6' }).settings
  t.match(shared.state, { redisUrl: 'rediss://:pw@cache.internal:6380/1', keyPrefix: 'billing:', leaseMs: 10_000 })
  t.equal(shared.governor.globalMaxConcurrency, 6)
  const err = t.throws(() => loadConfig({ REDIS_URL: 'http://:hunter2@cache' })) as Error
  t.notMatch(err.message, /hunter2/, 'REDIS_URL may hold a password: never repeated')
})

t.test('TRUST_PROXY: off by default, a hop count, or proxy addresses and ranges', async (t) => {
  t.equal(loadConfig({}).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2)
  const ranges = loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8' }).trustProxy
  if (typeof ranges !== 'object') throw new Error('expected ranges')
  t.ok(ranges.check('10.20.30.40', 'ipv4'))
  t.ok(ranges.check('192.0.2.7', 'ipv4'))
  t.notOk(ranges.check('192.0.2.8', 'ipv4'))
  t.ok(ranges.check('fd12::1', 'ipv6'))
  for (const [value, reason] of [
    ['0', /number of proxy hops \(1 to 10\).*got "0"/],
    ['11', /got "11"/],
    ['true', /"true" is not an IP address/],
    ['10.0.0.0/33', /"10.0.0.0\/33" has an invalid prefix length/],
    ['10.0.0.0/8,,', /"" is not an IP address/],
    ['proxy.internal', /"proxy.internal" is not an IP address/]
  ] as const) {
    const err = t.throws(() => loadConfig({ TRUST_PROXY: value }), value) as unknown
    t.type(err, ConfigError)
    t.equal((err as ConfigError).variable, 'TRUST_PROXY')
    t.match((err as Error).message, reason)
  }
})
