import t from 'tap'
import { KeyRing, rawKeys } from '../../src/auth/keys.js'
import { SEED_PASSWORD } from '../../src/sandbox/seed/index.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>

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
