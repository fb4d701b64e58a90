import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'
import { loggerOptions } from '../../src/observability/logger.js'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url: '/auth/login-validations', payload: { email, password }, headers })

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
