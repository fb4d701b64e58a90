import t from 'tap'
import { toBool, toCount, toCsvList, toDate, toEmail, toFormattedMoney, toId, toIdList, toInt, toList, toMoney, toRecord, toText } from '../../src/whmcs/normalize.js'
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
  t.same(toList({ 0: [] }), [], 'the same [[]] with numeric keys')
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

t.test('formatted money is read in each of WHMCS\'s four number formats', async (t) => {
  t.equal(toMoney('$1234.56 USD'), '1234.56')
  t.equal(toMoney('$1,234,567.89 USD'), '1234567.89')
  t.equal(toMoney('€1.234,56 EUR'), '1234.56')
  t.equal(toMoney('1.234.567,00 €'), '1234567.00')
  t.equal(toMoney('¥1,234 JPY'), '1234')
  t.equal(toMoney('5,95 €'), '5.95')
  t.equal(toMoney('(€12,50)'), '-12.50')
})

t.test('a pre-formatted figure keeps its text beside its amount and currency code', async (t) => {
  t.same(toFormattedMoney('$5.95 USD'), { formatted: '$5.95 USD', amount: '5.95', currencyCode: 'USD' })
  t.same(toFormattedMoney('EUR 1.234,50'), { formatted: 'EUR 1.234,50', amount: '1234.50', currencyCode: 'EUR' })
  t.same(toFormattedMoney('£485.21'), { formatted: '£485.21', amount: '485.21', currencyCode: null })
  t.same(toFormattedMoney('-$3.00USD'), { formatted: '-$3.00USD', amount: '-3.00', currencyCode: 'USD' })
  t.same(toFormattedMoney('Unlimited'), { formatted: 'Unlimited', amount: null, currencyCode: null })
  t.same(toFormattedMoney(undefined), { formatted: '', amount: null, currencyCode: null })
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

t.test('dates WHMCS words (ListOAuthCredentials) become ISO 8601 too', async (t) => {
  t.equal(toDate('18th November 2016 9:32:24am'), '2016-11-18T09:32:24')
  t.equal(toDate('1st February 2023 12:00:00pm'), '2023-02-01T12:00:00')
  t.equal(toDate('2nd March 2024 12:05:00am'), '2024-03-02T00:05:00')
  t.equal(toDate('23rd July 2021 11:59pm'), '2021-07-23T23:59:00')
  t.equal(toDate('3 May 2020'), '2020-05-03')
  t.throws(() => toDate('18th Brumaire 2016 9:32:24am'), WhmcsResponseError)
})

t.test('HTML-escaped text is unescaped', async (t) => {
  t.equal(toText('Smith &amp; Sons'), 'Smith & Sons')
  t.equal(toText('O&#039;Brien &quot;Jr&quot;'), 'O\'Brien "Jr"')
  t.equal(toText('&#x1F600; &lt;b&gt;'), '😀 <b>')
  t.equal(toText('R&D &unknown;'), 'R&D &unknown;')
  t.equal(toText(42), '42')
  t.equal(toText(null), '')
})

t.test('text and email refuse what cannot be text', async (t) => {
  t.equal(toText([]), '')
  t.equal(toText({}), '')
  t.equal(toText(true), 'true')
  t.throws(() => toText({ a: 1 }, 'notes'), { name: 'WhmcsResponseError', message: /structure where notes/ })
  t.throws(() => toText(['x']), WhmcsResponseError)
  t.equal(toEmail('a&amp;b@example.com'), 'a&b@example.com')
  t.equal(toEmail(undefined), '')
  t.throws(() => toEmail(12345), { message: /number where email should be an email address/ })
  t.throws(() => toEmail({ a: 1 }, 'user email'), /object where user email/)
})

t.test('comma-separated lists become arrays of their items', async (t) => {
  t.same(toCsvList('1,2, 3'), ['1', '2', '3'])
  t.same(toCsvList('Monthly,,Annually,'), ['Monthly', 'Annually'])
  t.same(toCsvList(''), [])
  t.same(toCsvList(undefined), [])
  t.same(toCsvList(7), ['7'], 'a one-item list sent as a number')
  t.throws(() => toCsvList({ 0: '1' }), WhmcsResponseError)
})

t.test('keyed objects are read as they are; anything else is empty', async (t) => {
  t.same(toRecord({ USD: { monthly: '1.00' } }), { USD: { monthly: '1.00' } })
  for (const v of ['', [], null, undefined, 0]) t.same(toRecord(v), {}, JSON.stringify(v))
})

t.test('comma-separated id lists keep the ids and leave out the rest', async (t) => {
  t.same(toIdList('1,2'), [1, 2])
  t.same(toIdList(' 12, 14 ,'), [12, 14])
  t.same(toIdList(7), [7], 'a single id as a number')
  t.same(toIdList(''), [])
  t.same(toIdList(undefined), [])
  t.same(toIdList('>'), [], 'a damaged value')
  t.same(toIdList('3,ABC-123456,0,99999999999,5'), [3, 5], 'not ids: masks, zero, past int32')
})
