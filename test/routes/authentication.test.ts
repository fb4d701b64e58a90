import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { KeyRing, rawKeys } from '../../src/auth/keys.js'
import { loggerOptions } from '../../src/observability/logger.js'
import { SEED_PASSWORD } from '../../src/sandbox/seed/index.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url: '/auth/login-validations', payload: { email, password }, headers })

t.test('POST /auth/login-validations', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('matching credentials answer the user and a session token', async (t) => {
    const res = await app.inject(login('liam.johnson@example.com', SEED_PASSWORD))
    t.equal(res.statusCode, 200)
    t.match(res.json(), { userId: 6, twoFactorEnabled: false, passwordHash: /^[0-9a-f]{40}$/ })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'ValidateLogin', email: 'liam.johnson@example.com', password2: SEED_PASSWORD })
  })

  t.test('a user with a second factor gets no session token', async (t) => {
    const res = await app.inject(login('sam.carter@example.org', SEED_PASSWORD))
    t.same(res.json(), { userId: 34, twoFactorEnabled: true, passwordHash: null })
  })

  t.test('credentials that do not match are 401 LOGIN_INVALID, without a challenge to the API key', async (t) => {
    for (const [email, password] of [['liam.johnson@example.com', 'wrong-password'], ['nobody@example.com', SEED_PASSWORD]]) {
      const res = await app.inject(login(email, password))
      t.equal(res.statusCode, 401, email)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code: 'LOGIN_INVALID', status: 401, type: 'urn:whmcs-rest:problem:login-invalid' })
      t.equal(res.headers['www-authenticate'], undefined)
      t.notOk(res.body.includes(password), 'the password is not echoed')
    }
  })

  t.test('the body is checked before WHMCS is asked', async (t) => {
    const before = sandbox.calls.length
    for (const payload of [{ email: 'liam.johnson@example.com' }, { email: 'not-an-email', password: 'x' }, { email: 'a@example.com', password: '' }, { email: 'a@example.com', password: 'x', remember: true }]) {
      const res = await app.inject({ method: 'POST', url: '/auth/login-validations', payload })
      t.equal(res.statusCode, 400, JSON.stringify(payload))
      t.notOk(res.body.includes('"x"'), 'no value echoed')
    }
    t.equal(sandbox.calls.length, before)
  })

  t.test('answers are never stored for Idempotency-Key replays', async (t) => {
    const before = sandbox.calls.length
    const headers = { 'idempotency-key': 'login-replay-key-0001' }
    const first = await app.inject(login('liam.johnson@example.com', SEED_PASSWORD, headers))
    const second = await app.inject(login('liam.johnson@example.com', SEED_PASSWORD, headers))
    t.equal(sandbox.calls.length, before + 2, 'both went to WHMCS')
    t.equal(second.headers['idempotent-replayed'], undefined)
    t.not(first.json<Json>().passwordHash, second.json<Json>().passwordHash, 'each has its own session token')
  })
})

t.test('login checks have their own budget per email address', async (t) => {
  const { app, sandbox } = await build(t, { settings: { loginLimit: { perEmail: 2, perKey: 100, windowMs: 60_000 } } })
  t.equal((await app.inject(login('liam.johnson@example.com', 'wrong-1'))).statusCode, 401)
  t.equal((await app.inject(login(' LIAM.Johnson@example.com', 'wrong-2'))).statusCode, 400, 'a space is not an email address')
  t.equal((await app.inject(login('LIAM.Johnson@example.com', SEED_PASSWORD))).statusCode, 200, 'the right password counts too')
  const before = sandbox.calls.length
  const refused = await app.inject(login('liam.johnson@example.com', SEED_PASSWORD))
  t.equal(refused.statusCode, 429, 'the same address in another case is the same budget')
  t.match(refused.json(), { code: 'RATE_LIMITED', detail: /At most 2 login checks for one email address every 1 minute/ })
  t.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 60, 'with Retry-After')
  t.equal(sandbox.calls.length, before, 'WHMCS was not asked')
  t.equal((await app.inject(login('ava.moore@example.com', SEED_PASSWORD))).statusCode, 200, 'another address has its own budget')
})

t.test('login checks have their own budget per API key', async (t) => {
  const keys = new KeyRing(rawKeys(['login-key-one-0001', 'login-key-two-0001']))
  const { app } = await build(t, { keys, settings: { loginLimit: { perEmail: 100, perKey: 3, windowMs: 60_000 } } })
  const one = { authorization: 'Bearer login-key-one-0001' }
  for (const email of ['a1@example.com', 'a2@example.com', 'a3@example.com']) t.equal((await app.inject(login(email, 'x', one))).statusCode, 401, email)
  const refused = await app.inject(login('a4@example.com', 'x', one))
  t.equal(refused.statusCode, 429)
  t.match(refused.json(), { detail: /At most 3 login checks per API key/ })
  t.equal((await app.inject(login('a4@example.com', 'x', { authorization: 'Bearer login-key-two-0001' }))).statusCode, 401, 'another key has its own budget')
  t.equal((await app.inject({ url: '/clients/1', headers: one })).statusCode, 200, 'other operations of the key are not held back')
})

t.test('POST /sso-tokens', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('creates a one-time token for a client account', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/sso-tokens', payload: { clientId: 5, destination: 'clientarea:invoices' } })
    t.equal(res.statusCode, 201)
    const token = res.json<{ accessToken: string, redirectUrl: string }>()
    t.match(token.accessToken, /^[0-9a-f]{40}$/)
    t.equal(token.redirectUrl, `https://billing.example.com/oauth/singlesignon.php?access_token=${token.accessToken}`)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateSsoToken', client_id: '5', destination: 'clientarea:invoices' })
  })

  t.test('sends the user, service, domain and redirect path under WHMCS\'s names', async (t) => {
    await app.inject({ method: 'POST', url: '/sso-tokens', payload: { userId: 33, clientId: 5, serviceId: 2, domainId: 3, destination: 'sso:custom_redirect', ssoRedirectPath: 'cart.php?a=add&pid=1' } })
    t.match(sandbox.calls.at(-1)?.fields, { user_id: '33', client_id: '5', service_id: '2', domain_id: '3', sso_redirect_path: 'cart.php?a=add&pid=1' })
  })

  t.test('WHMCS\'s refusals are 404 and 422 problems; an empty body is a 400', async (t) => {
    const cases: Array<[Json, number, string]> = [
      [{ clientId: 999 }, 404, 'NOT_FOUND'],
      [{ userId: 999 }, 404, 'NOT_FOUND'],
      [{ clientId: 1, userId: 33 }, 422, 'INVALID_INPUT'],
      [{ clientId: 1, destination: 'admin:everything' }, 422, 'INVALID_INPUT'],
      [{}, 400, 'INVALID_REQUEST']
    ]
    for (const [payload, status, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/sso-tokens', payload })
      t.equal(res.statusCode, status, JSON.stringify(payload))
      t.match(res.json(), { code })
    }
  })
})

t.test('OAuth credentials', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('are listed without their secrets', async (t) => {
    const res = await app.inject('/oauth-credentials')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.meta, { total: 1, offset: 0, limit: 25 })
    t.same(page.data[0], {
      id: 1,
      name: 'Partner portal',
      description: 'Sign-in for the reseller partner portal',
      grantTypes: ['authorization_code'],
      scopes: ['openid', 'email', 'profile'],
      clientIdentifier: 'SANDBOX-HOSTING.c2FuZGJveC1wYXJ0bmVy',
      uuid: String(page.data[0].uuid),
      serviceId: null,
      logoUri: '',
      redirectUris: ['https://partners.example.com/oauth/callback'],
      createdAt: '2023-02-01T10:00:00',
      updatedAt: '2023-02-01T10:00:00'
    })
    t.notOk(res.body.includes('c2FuZGJveC1wYXJ0bmVyLXBvcnRhbC1zZWNyZXQ'), 'the secret WHMCS lists is left out')
  })

  t.test('are created with their secret, answered once', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/oauth-credentials',
      payload: { grantType: 'authorization_code', name: 'Mobile app', scopes: ['openid', 'email'], redirectUri: 'https://app.example.com/cb', description: 'iOS' }
    })
    t.equal(res.statusCode, 201)
    const created = res.json<{ id: number, clientIdentifier: string, clientSecret: string }>()
    t.match(created, { id: 2, clientIdentifier: /^SANDBOX-HOSTING-LTD\./, clientSecret: /^[A-Za-z0-9+/=]{88}$/ })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateOAuthCredential', grantType: 'authorization_code', scope: 'openid email', name: 'Mobile app', redirectUri: 'https://app.example.com/cb' })
    const list = await app.inject('/oauth-credentials?grantType=authorization_code&offset=1')
    t.match(list.json<Page>().data, [{ id: 2, name: 'Mobile app', scopes: ['openid', 'email'], redirectUris: ['https://app.example.com/cb'] }])
    t.notOk(list.body.includes(created.clientSecret), 'never answered again')
    t.equal(sandbox.calls.at(-1)?.fields.grantType, 'authorization_code')
  })

  t.test('WHMCS\'s refusals are 422 problems; a bad body is a 400', async (t) => {
    const refused = await app.inject({ method: 'POST', url: '/oauth-credentials', payload: { grantType: 'authorization_code', name: 'x', scopes: ['openid', 'admin'] } })
    t.equal(refused.statusCode, 422)
    t.match(refused.json(), { code: 'INVALID_INPUT', detail: 'The requested scope "admin" is invalid.' })
    t.equal((await app.inject({ method: 'POST', url: '/oauth-credentials', payload: { grantType: 'single_sign_on', serviceId: 9999, scopes: ['clientarea:sso'] } })).statusCode, 422)
    for (const payload of [{ grantType: 'authorization_code', name: 'x' }, { grantType: 'password', scopes: ['openid'] }, { grantType: 'authorization_code', scopes: [] }]) {
      t.equal((await app.inject({ method: 'POST', url: '/oauth-credentials', payload })).statusCode, 400, JSON.stringify(payload))
    }
  })
})

t.test('passwords, session tokens, SSO tokens and client secrets never reach the log', async (t) => {
  const chunks: string[] = []
  const logStream = new Writable({ write (chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done() } })
  const { app } = await build(t, { logStream })
  const password = 'Pa55-LOG-MARKER-a1b2'
  await app.inject({ method: 'POST', url: '/users', payload: { firstName: 'Log', lastName: 'Check', email: 'log.check@example.com', password } })
  const ok = (await app.inject(login('log.check@example.com', password))).json<{ passwordHash: string }>()
  await app.inject(login('log.check@example.com', `${password}-wrong`))
  await app.inject({ method: 'POST', url: '/auth/login-validations', payload: { email: 'log.check@example.com', password, extra: password } })
  const sso = (await app.inject({ method: 'POST', url: '/sso-tokens', payload: { userId: 35 } })).json<{ accessToken: string }>()
  const oauth = (await app.inject({ method: 'POST', url: '/oauth-credentials', payload: { grantType: 'authorization_code', name: 'Log', scopes: ['openid'] } })).json<{ clientSecret: string }>()
  const log = chunks.join('')
  t.ok(log.includes('"reqId"') && log.includes('/auth/login-validations'), 'the requests were logged')
  for (const [what, secret] of [['password', password], ['session token', ok.passwordHash], ['SSO token', sso.accessToken], ['client secret', oauth.clientSecret]]) {
    t.ok(typeof secret === 'string' && secret.length > 10, `${what} was answered`)
    t.notOk(log.includes(secret), `no ${what} in the log`)
  }
})

t.test('the log redacts one-time secrets wherever a log call puts them', async (t) => {
  const lines: string[] = []
  const log = pino(loggerOptions('info'), new Writable({ write (chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done() } }))
  log.info({
    body: { email: 'a@example.com', password: 'p1', password2: 'p2' },
    answer: { passwordhash: 'h1', passwordHash: 'h2', access_token: 't1', accessToken: 't2', redirect_url: 'u1', redirectUrl: 'u2', clientSecret: 's1' },
    clientSecret: 's2'
  }, 'secrets')
  const entry = JSON.parse(lines[0]) as { body: Json, answer: Json, clientSecret: string }
  t.same(entry.body, { email: 'a@example.com', password: '[redacted]', password2: '[redacted]' })
  t.ok(Object.values(entry.answer).every((v) => v === '[redacted]'))
  t.equal(entry.clientSecret, '[redacted]')
})
