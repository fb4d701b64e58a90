import { Writable } from 'node:stream'
import { pino } from 'pino'
import t from 'tap'
import { loggerOptions } from '../../src/observability/logger.js'

t.test('the log redacts card fields wherever a log call puts them', async (t) => {
  const lines: string[] = []
  const log = pino(loggerOptions('info'), new Writable({ write (chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done() } }))
  log.info({ params: { card_number: '4242424242424242', card_expiry: '1229', bank_account: '123', bank_code: '456' }, body: { cardNumber: '4242424242424242', bankAccount: '123', bankCode: '456' } }, 'card')
  t.notMatch(lines[0], /4242424242424242|"123"|"456"|1229/)
})
