// Unit tests of the sandbox's own PHP emulation: form decoding, unserialize,
// json_encode and the XML rules. These modules must not share code with the
// facade's WHMCS client, so they are tested on their own.

import t from 'tap'
import { parseForm, splitBracketKey, urlDecode, type FormArray } from '../protocol/form.js'
import { clientHandlers, formatPhone } from '../handlers/clients.js'
import { actionNames, findAction, isReadAction } from '../handlers/index.js'
import { Params, parseBool, parseInt10 } from '../protocol/params.js'
import { decodeSerializedFields, phpSerialize, phpString, phpUnserialize, PhpUnserializeError } from '../protocol/php.js'
import { applyShapeQuirks } from '../protocol/quirks.js'
import { phpJsonEncode, renderBody, renderXml, responseTypeOf } from '../protocol/render.js'
import { seedData, stableUuid } from '../seed/index.js'
import { Store } from '../store/index.js'
import { addDays, addMonths, displayDate, formatCents, isValidEmail, parseCents } from '../protocol/text.js'
import { convertFromDefault } from '../store/currencies.js'

function toPlain (value: FormArray | string | undefined): unknown {
  if (!(value instanceof Map)) return value
  return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]))
}

// ---------------------------------------------------------------- form

t.test('form decoding turns + into a space and keeps invalid percent escapes', async t => {
  t.equal(urlDecode('a+b%20c%zz%4'), 'a b c%zz%4')
  t.equal(urlDecode('%C3%A9t%C3%A9'), 'été')
})

t.test('bracket keys nest into arrays like PHP', async t => {
  const { tree } = parseForm('a[0][b]=c&a[0][d]=e&a[1][b]=f&email_preferences%5Bgeneral%5D=1')
  t.same(toPlain(tree), { a: { 0: { b: 'c', d: 'e' }, 1: { b: 'f' } }, email_preferences: { general: '1' } })
})

t.test('empty brackets append with the next integer index', async t => {
  const { tree, flat } = parseForm('pid[]=1&pid[]=2&pid[7]=x&pid[]=3')
  t.same([...(tree.get('pid') as FormArray).entries()], [['0', '1'], ['1', '2'], ['7', 'x'], ['8', '3']])
  t.same(flat, { 'pid[]': '3', 'pid[7]': 'x' }, 'the flat record keeps the last value of a repeated key')
})

t.test('dots and spaces in top-level names become underscores, as PHP does', async t => {
  const { tree } = parseForm('a.b=1&c d=2&e[f.g]=3&h[i=4')
  t.same(toPlain(tree), { a_b: '1', c_d: '2', e: { 'f.g': '3' }, h_i: '4' })
})

t.test('a scalar is overwritten by an array at the same name, and names without a base are dropped', async t => {
  const { tree } = parseForm('x=1&x[a]=2&[y]=3&=4&z')
  t.same(toPlain(tree), { x: { a: '2' }, z: '' })
  t.same(splitBracketKey('a[b]junk[c]'), ['a', 'b'])
  t.equal(splitBracketKey('[only]'), undefined)
})

t.test('body fields override query fields', async t => {
  t.same(toPlain(parseForm('a=body', 'a=query&b=query').tree), { a: 'body', b: 'query' })
})

t.test('request flags and integers are read like PHP', async t => {
  t.same(['1', 'true', 'ON', 'yes', 'x'].map(parseBool), [true, true, true, true, true])
  t.same(['0', 'false', 'off', 'no', ''].map(parseBool), [false, false, false, false, false])
  t.same(['12', ' 7abc', 'abc', '-3', '99999999999999999999'].map(parseInt10), [12, 7, 0, -3, 0])
  const params = new Params(parseForm('a=+1+&m[k]=v&m[n][o]=p').tree)
  t.equal(params.str('a'), '1')
  t.equal(params.str('m'), undefined)
  t.equal(params.raw('zz'), undefined)
  t.ok(params.has('m'))
  t.same([...(params.map('m') ?? new Map())], [['k', 'v']])
  t.equal(params.map('a'), undefined)
  t.equal(params.int('missing'), undefined)
  t.equal(params.bool('missing'), undefined)
})

// ---------------------------------------------------------------- php

t.test('unserialize reads every scalar type and nested arrays', async t => {
  const value = phpUnserialize('a:5:{i:0;N;i:1;b:1;s:1:"x";i:-5;s:2:"pi";d:3.5;i:9;a:1:{s:4:"Zoë";s:2:"ok";}}')
  t.ok(value instanceof Map)
  const map = value as Map<number | string, unknown>
  t.same([...map.keys()], [0, 1, 'x', 'pi', 9])
  t.same(map.get(0), null)
  t.same(map.get(1), true)
  t.same(map.get('x'), -5)
  t.same(map.get('pi'), 3.5)
  t.same([...(map.get(9) as Map<string, string>)], [['Zoë', 'ok']])
  t.same(phpUnserialize('d:INF;'), Infinity)
  t.same(phpUnserialize('d:-INF;'), -Infinity)
  t.ok(Number.isNaN(phpUnserialize('d:NAN;')))
  t.same(phpUnserialize('b:0;'), false)
})

t.test('unserialize counts string lengths in UTF-8 bytes', async t => {
  t.equal(phpUnserialize('s:9:"Zoë 🌙";'), 'Zoë 🌙') // 5 characters, 9 bytes
  t.throws(() => phpUnserialize('s:3:"Zoë";'), PhpUnserializeError)
})

t.test('unserialize refuses malformed input, objects and trailing data', async t => {
  for (const bad of ['', 'x:1;', 'i:abc;', 'b:2;', 'd:;', 's:99:"a";', 'a:1:{i:0;}', 'a:1:{N;i:1;}', 'O:8:"stdClass":0:{}', 'i:1;i:2;', 'i:1']) {
    t.throws(() => phpUnserialize(bad), PhpUnserializeError, JSON.stringify(bad))
  }
})

t.test('serialize writes byte lengths and integer keys', async t => {
  t.equal(phpSerialize({ 1: 'Zoë', name: true, list: [1.5, null] }), 'a:3:{i:1;s:4:"Zoë";s:4:"name";b:1;s:4:"list";a:2:{i:0;d:1.5;i:1;N;}}')
  t.equal(phpSerialize(new Map([['a', false]])), 'a:1:{s:1:"a";b:0;}')
  t.throws(() => phpSerialize(Symbol('x')), TypeError)
  t.same([null, false, true, 2, 's', new Map()].map(v => phpString(v)), ['', '', '1', '2', 's', 'Array'])
})

t.test('serialized custom fields decode to id → string, and garbage decodes to nothing', async t => {
  const encoded = Buffer.from('a:2:{i:1;s:3:"abc";i:2;i:42;}').toString('base64')
  t.same([...(decodeSerializedFields(encoded) ?? [])], [['1', 'abc'], ['2', '42']])
  t.equal(decodeSerializedFields(Buffer.from('s:1:"a";').toString('base64')), undefined)
  t.equal(decodeSerializedFields('!!!not base64!!!'), undefined)
})

// ---------------------------------------------------------------- render

t.test('json_encode escapes slashes, controls and non-ASCII like PHP', async t => {
  t.equal(phpJsonEncode({ a: 'x/y "q" \\ \b\f\n\r\t\u0001\u007f é 🌙', b: [1, true, null, []], c: {} }),
    '{"a":"x\\/y \\"q\\" \\\\ \\b\\f\\n\\r\\t\\u0001\u007f \\u00e9 \\ud83c\\udf19","b":[1,true,null,[]],"c":{}}')
  t.equal(phpJsonEncode(Infinity), '0')
})

t.test('the response type defaults to XML', async t => {
  t.same(['json', ' JSON ', 'xml', 'nvp', '', undefined, 'yaml'].map(responseTypeOf), ['json', 'json', 'xml', 'nvp', 'xml', 'xml', 'xml'])
})

t.test('XML repeats the element of a list per item, inside its wrapper or bare', async t => {
  const xml = renderXml('Test', {
    result: 'success',
    clients: { client: [{ id: 1 }, { id: 2 }] },
    customfields: [{ id: 1, value: 'a' }, { id: 2, value: 'b' }],
    empty: { item: [] },
    bare: [],
    nested: [[1, 2], [3]]
  })
  t.equal(xml, '<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="8.13.1"><action>Test</action><result>success</result>' +
    '<clients><client><id>1</id></client><client><id>2</id></client></clients>' +
    '<customfields><id>1</id><value>a</value></customfields><customfields><id>2</id><value>b</value></customfields>' +
    '<empty></empty><nested>1</nested><nested>2</nested><nested>3</nested></whmcsapi>')
})

t.test('XML prints booleans as 1/0, null as empty, escapes text and repairs element names', async t => {
  const xml = renderXml('T', { yes: true, no: false, none: null, text: 'a & <b> "c"\u0001', 'product-url': 'u', 'bad key': 1, '9lives': 2, keyed: { 0: 'x', 1: 'y' } })
  t.match(xml, '<yes>1</yes><no>0</no><none></none><text>a &amp; &lt;b&gt; "c"</text><product-url>u</product-url><bad_key>1</bad_key><_9lives>2</_9lives><keyed>x</keyed><keyed>y</keyed>')
})

t.test('renderBody dispatches on the response type', async t => {
  t.equal(renderBody('json', 'A', { a: 1 }), '{"a":1}')
  t.equal(renderBody('nvp', 'A', { a: { b: [true, null] } }), 'a[b][0]=1;a[b][1]=;')
  t.match(renderBody('xml', 'A', { a: 1 }), '<action>A</action><a>1</a>')
})

t.test('shape quirks rewrite copies and leave the root object in place', async t => {
  const body = { result: 'success', list: [], wrap: { item: [{ n: 1 }] }, nested: [[]] }
  t.same(applyShapeQuirks(body, [{ kind: 'missing-list' }]), { result: 'success', wrap: { item: [{ n: 1 }] }, nested: [[]] })
  t.same(applyShapeQuirks(body, [{ kind: 'empty-string' }]), { result: 'success', list: '', wrap: { item: [{ n: 1 }] }, nested: [''] })
  t.same(applyShapeQuirks(body, [{ kind: 'single-object' }, { kind: 'numeric-strings' }]), { result: 'success', list: [], wrap: { item: { n: '1' } }, nested: [] })
  t.same(applyShapeQuirks(body, [{ kind: 'slow', delayMs: 1 }]), body)
  t.same(body.list, [], 'the input is untouched')
})

// ---------------------------------------------------------------- store, handlers, helpers

t.test('the seed is deterministic and has at least 30 clients with varied data', async t => {
  const a = seedData()
  t.same(a, seedData())
  t.ok(a.clients.length >= 30)
  t.same(new Set(a.clients.map(c => c.status)), new Set(['Active', 'Inactive', 'Closed']))
  t.ok(new Set(a.clients.map(c => c.currency)).size >= 3)
  t.ok(new Set(a.clients.map(c => c.groupId)).size >= 3)
  t.ok(new Set(a.clients.map(c => c.country)).size >= 10)
  t.ok(a.clients.every(c => a.users.some(u => u.clients.some(l => l.clientId === c.id && l.owner))), 'every client has an owner')
  t.ok(a.clients.some(c => /\p{Extended_Pictographic}/u.test(c.companyname)), 'an emoji')
  t.equal(stableUuid('x'), stableUuid('x'))
})

t.test('CreateClientInvite records the invite in the store', async t => {
  const store = new Store(seedData())
  const now = (): Date => new Date('2025-03-04T05:06:07Z')
  const params = new Params(parseForm('client_id=2&email=new.helper%40example.net&permissions=profile,+Invoices,invoices,bogus').tree)
  t.same(clientHandlers.CreateClientInvite({ params, store, now }), { result: 'success' })
  t.match(store.invites.ofClient(2), [{ id: 1, clientId: 2, email: 'new.helper@example.net', permissions: ['profile', 'invoices'], token: /^[0-9a-f]{32}$/, createdAt: '2025-03-04 05:06:07' }])
})

t.test('the registry finds actions case-insensitively and lists them', async t => {
  t.equal(findAction(' getCLIENTS ')?.name, 'GetClients')
  t.equal(findAction('Nope'), undefined)
  const names = actionNames()
  t.same(names, [...names].sort(), 'sorted')
  for (const name of ['AddClient', 'CloseClient', 'CreateClientInvite', 'DeleteClient', 'GetClients', 'GetClientsDetails', 'UpdateClient', 'WhmcsDetails', 'GetStats', 'ValidateLogin', 'AddUser']) {
    t.ok(names.includes(name), name)
  }
})

t.test('reads are told from writes by WHMCS\'s naming, for the activity log', async t => {
  t.same(['GetClients', 'ListOAuthCredentials', 'DomainGetNameservers', 'DomainWhois', 'WhmcsDetails', 'validatelogin'].filter(isReadAction).length, 6)
  t.same(['AddClient', 'UpdateClient', 'SendEmail', 'SetConfigurationValue', 'CreateSsoToken', 'DomainRenew', 'ModuleCreate'].filter(isReadAction), [])
})

t.test('phone numbers are formatted as +CC.NUMBER', async t => {
  t.same(formatPhone('0117 496 0123', 'GB'), { cc: '44', formatted: '+44.1174960123' })
  t.same(formatPhone('+1.4155550199', 'US'), { cc: '1', formatted: '+1.4155550199' })
  t.same(formatPhone('+44 117 496 0123', 'GB'), { cc: '44', formatted: '+44.1174960123' })
  t.same(formatPhone('+33 1 42 60 00 00', 'GB'), { cc: '44', formatted: '+33142600000' })
  t.same(formatPhone('', 'GB'), { cc: '44', formatted: '' })
  t.same(formatPhone('555 0100', 'ZZ'), { cc: '', formatted: '5550100' })
})

t.test('email validation and money formatting follow WHMCS', async t => {
  t.same(['a@b.co', 'first.last+tag@sub.example.com', 'a@b', 'a..b@example.com', '@example.com', 'zoë@example.com', `${'a'.repeat(65)}@example.com`, `a@${'b'.repeat(250)}.com`].map(isValidEmail),
    [true, true, false, false, false, false, false, false])
  t.same([0, 5, 1234, -1000].map(formatCents), ['0.00', '0.05', '12.34', '-10.00'])
})

t.test('dates move by months (clamped to the month\'s end) and days', async t => {
  t.equal(addMonths('2025-01-31', 1), '2025-02-28')
  t.equal(addMonths('2024-01-31', 1), '2024-02-29')
  t.equal(addMonths('2025-11-15', 3), '2026-02-15')
  t.equal(addMonths('2025-03-04', -12), '2024-03-04')
  t.equal(addDays('2025-03-01', -1), '2025-02-28')
  t.equal(displayDate('2025-03-04'), '04/03/2025')
})

t.test('amounts are read into cents and converted between currencies in integers', async t => {
  t.same(['12', '12.5', '12.05', '-3.99', ' 0.10 ', '1.234', 'abc', ''].map(parseCents), [1200, 1250, 1205, -399, 10, undefined, undefined, undefined])
  t.equal(convertFromDefault(500, 1), 500)
  t.equal(convertFromDefault(500, 2), 460)
  t.equal(convertFromDefault(999, 3), 789, '9.99 x 0.79 = 7.8921, rounded to 7.89')
  t.equal(convertFromDefault(1, 2), 1, 'half a cent rounds up')
})
