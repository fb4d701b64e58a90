import t from 'tap'
import { toBool, toCount, toDate, toId, toInt, toList, toMoney, toText } from '../../src/whmcs/normalize.js'
import { WhmcsResponseError } from '../../src/whmcs/errors.js'

t.test('every list encoding WHMCS uses becomes an array', async (t) => {
  const a = { id: 1 }
  const b = { id: 2 }
  t.same(toList({ client: [a, b] }, 'client'), [a, b], 'wrapper with array')
  t.same(toList({ client: a }, 'client'), [a], 'single object instead of a one-element array')
  t.same(toList({ client: { 1: b, 0: a } }, 'client'), [a, b], 'numeric keys, in key order')
  t.same(toList({ 0: a, 1: b }), [a, b], 'numeric keys without wrapper')
  t.same(toList({}, 'client'), [], 'empty object')
  t.same(toList({ client: [] }, 'client'), [], 'empty inner list')
  t.same(toList('', 'client'), [], 'empty string')
  t.same(toList(undefined, 'client'), [], 'missing key')
  t.same(toList(null), [], 'null')
  t.same(toList([[]]), [], 'GetTicket\'s [[]] for no attachments')
  t.same(toList([a]), [a], 'bare array')
})

t.test('ids and counts are read from numbers and numeric strings', async (t) => {
  t.equal(toId(7), 7)
  t.equal(toId('7'), 7)
  t.equal(toInt(' 12 '), 12)
  t.equal(toInt(''), null)
  t.equal(toCount('3', 0), 3)
  t.equal(toCount(undefined, 5), 5)
  t.throws(() => toId(undefined), WhmcsResponseError)
  t.throws(() => toInt('7a'), WhmcsResponseError)
  t.throws(() => toInt(1.5), WhmcsResponseError)
})

t.test('money stays a decimal string and never passes through a float', async (t) => {
  t.equal(toMoney('15.95'), '15.95')
  t.equal(toMoney('-10.00'), '-10.00')
  t.equal(toMoney('0.1000000000000000055511'), '0.1000000000000000055511')
  t.equal(toMoney('$2,645.80 USD'), '2645.80')
  t.equal(toMoney('-$5.00 USD'), '-5.00')
  t.equal(toMoney('£1.50 GBP'), '1.50')
  t.equal(toMoney(10), '10')
  t.equal(toMoney(''), null)
  t.throws(() => toMoney('free'), WhmcsResponseError)
  t.throws(() => toMoney(Number.NaN), WhmcsResponseError)
})

t.test('the five boolean encodings are read', async (t) => {
  for (const v of [true, 1, '1', 'true', 'on', 'yes', 'TRUE']) t.equal(toBool(v), true, `${JSON.stringify(v)} is true`)
  for (const v of [false, 0, '0', 'false', '', 'off', 'no']) t.equal(toBool(v), false, `${JSON.stringify(v)} is false`)
  t.equal(toBool(undefined), false)
  t.equal(toBool(null, true), true)
  t.throws(() => toBool('maybe'), WhmcsResponseError)
})

t.test('dates become ISO 8601 and WHMCS\'s zero dates become null', async (t) => {
  t.equal(toDate('2016-01-15'), '2016-01-15')
  t.equal(toDate('2016-01-15 10:26:00'), '2016-01-15T10:26:00')
  t.equal(toDate('2016-1-2 3:04'), '2016-01-02T03:04:00')
  t.equal(toDate('0000-00-00'), null)
  t.equal(toDate('0000-01-01'), null, 'year zero is never, whatever the month and day')
  t.equal(toDate('2016-00-10'), null, 'month zero is never')
  t.equal(toDate('2016-13-45'), '2016-13-45', 'out-of-range parts are kept as WHMCS wrote them')
  t.equal(toDate('0000-00-00 00:00:00'), null)
  t.equal(toDate(''), null)
  t.equal(toDate('1450000000'), '2015-12-13T09:46:40Z')
  t.throws(() => toDate('17/05/2019'), WhmcsResponseError)
})

t.test('HTML-escaped text is unescaped', async (t) => {
  t.equal(toText('Smith &amp; Sons'), 'Smith & Sons')
  t.equal(toText('O&#039;Brien &quot;Jr&quot;'), 'O\'Brien "Jr"')
  t.equal(toText('&#x1F600; &lt;b&gt;'), '😀 <b>')
  t.equal(toText('R&D &unknown;'), 'R&D &unknown;')
  t.equal(toText(42), '42')
  t.equal(toText(null), '')
})
