import { Writable } from 'node:stream'
import t from 'tap'
import { pino } from 'pino'
import { CENSOR, loggerOptions, redact } from '../../src/observability/logger.js'

function capture (): { log: pino.Logger, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _enc, done) { chunks.push(chunk.toString('utf8')); done() } })
  return {
    log: pino(loggerOptions('trace'), stream),
    lines: () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}

t.test('secrets are redacted at the top level and nested in objects and arrays', async (t) => {
  const { log, lines } = capture()
  log.info({
    secret: 's1',
    params: { identifier: 'id1', client: { password2: 'p1', cards: [{ cardnum: '4111', name: 'ok' }] } },
    headers: Object.assign(Object.create(null) as Record<string, string>, { authorization: 'Bearer k1', 'X-Api-Key': 'k2', host: 'h' })
  }, 'call')
  const [line] = lines()
  t.same(line.params, { identifier: CENSOR, client: { password2: CENSOR, cards: [{ cardnum: CENSOR, name: 'ok' }] } })
  t.same(line.headers, { authorization: CENSOR, 'X-Api-Key': CENSOR, host: 'h' })
  t.equal(line.secret, CENSOR)
  const text = JSON.stringify(line)
  for (const value of ['s1', 'id1', 'p1', '4111', 'k1', 'k2']) t.notOk(text.includes(`"${value}"`), `${value} is not logged`)
})

t.test('key names match whatever their case', async (t) => {
  const { log, lines } = capture()
  log.info({ a: { AccessKey: 'x', apiKey: 'y', CardNumber: 'z', Token: 'w' } }, 'mixed case')
  t.same(lines()[0].a, { AccessKey: CENSOR, apiKey: CENSOR, CardNumber: CENSOR, Token: CENSOR })
})

t.test('an error\'s own properties are redacted', async (t) => {
  const { log, lines } = capture()
  const err = Object.assign(new Error('boom'), { accesskey: 'AK-1', detail: { secret: 'S-1' } })
  log.error({ err }, 'failed')
  const logged = lines()[0].err as Record<string, unknown>
  t.equal(logged.message, 'boom')
  t.equal(logged.accesskey, CENSOR)
  t.same(logged.detail, { secret: CENSOR })
})

t.test('a child logger\'s bindings are redacted', async (t) => {
  const { log, lines } = capture()
  log.child({ token: 'T-1', reqId: 'r1' }).info('child')
  t.match(lines()[0], { token: CENSOR, reqId: 'r1' })
})

t.test('redact copies only what it changes and leaves its input alone', async (t) => {
  const clean = { a: { b: [1, { c: 'd' }] } }
  t.equal(redact(clean), clean, 'nothing to redact: the same object')
  const input = { keep: { x: 1 }, nested: { password: 'p', y: 2 } }
  const out = redact(input) as typeof input
  t.same(out, { keep: { x: 1 }, nested: { password: CENSOR, y: 2 } })
  t.equal(input.nested.password, 'p', 'the input is not mutated')
  t.equal(out.keep, input.keep, 'untouched branches are shared')
})
