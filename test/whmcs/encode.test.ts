import t from 'tap'
import { encodeForm, jsonBase64, phpSerialize, phpSerializeBase64, serializedFields, whmcsDate } from '../../src/whmcs/encode.js'

t.test('nested objects and arrays become PHP bracket keys', async (t) => {
  const body = encodeForm({ action: 'AddOrder', pid: [1, 2], a: [{ b: 'c' }], email_preferences: { general: true, invoice: false } })
  t.same([...new URLSearchParams(body)], [
    ['action', 'AddOrder'], ['pid[0]', '1'], ['pid[1]', '2'], ['a[0][b]', 'c'],
    ['email_preferences[general]', '1'], ['email_preferences[invoice]', '0']
  ])
})

t.test('null and undefined values are left out of the form', async (t) => {
  t.equal(encodeForm({ a: null, b: undefined, c: '' }), 'c=')
})

t.test('reserved characters and non-ASCII text are percent-encoded', async (t) => {
  const body = encodeForm({ companyname: 'Smith & Sons = Zoë+1' })
  t.equal(new URLSearchParams(body).get('companyname'), 'Smith & Sons = Zoë+1')
  t.notMatch(body, /Smith & Sons/)
})

t.test('PHP serialize counts string lengths in UTF-8 bytes', async (t) => {
  t.equal(phpSerialize('Zoë'), 's:4:"Zoë";')
  t.equal(phpSerialize('😀'), 's:4:"😀";')
  t.equal(phpSerialize({ 1: 'a', name: 'b' }), 'a:2:{i:1;s:1:"a";s:4:"name";s:1:"b";}')
})

t.test('PHP serialize encodes scalars and lists as PHP does', async (t) => {
  t.equal(phpSerialize(null), 'N;')
  t.equal(phpSerialize(true), 'b:1;')
  t.equal(phpSerialize(42), 'i:42;')
  t.equal(phpSerialize(1.5), 'd:1.5;')
  t.equal(phpSerialize(['x', 'y']), 'a:2:{i:0;s:1:"x";i:1;s:1:"y";}')
})

t.test('base64 of serialize is what customfields expects', async (t) => {
  const encoded = phpSerializeBase64({ 3: 'Ångström' })
  t.equal(Buffer.from(encoded, 'base64').toString('utf8'), 'a:1:{i:3;s:10:"Ångström";}')
})

t.test('dates are written in the installation\'s date format where WHMCS reads them so', async (t) => {
  t.equal(whmcsDate('2024-06-30', 'DD/MM/YYYY'), '30/06/2024')
  t.equal(whmcsDate('2024-06-30', 'MM/DD/YYYY'), '06/30/2024')
  t.equal(whmcsDate('2024-06-30', 'DD.MM.YYYY'), '30.06.2024')
  t.equal(whmcsDate('2024-06-30', 'YYYY-MM-DD'), '2024-06-30')
})

t.test('field values are serialized by id, in ascending id order', async (t) => {
  const encoded = serializedFields([{ id: 5, value: 10 }, { id: 2, value: 'Zoë' }])
  t.equal(Buffer.from(encoded, 'base64').toString('utf8'), 'a:2:{i:2;s:4:"Zoë";i:5;i:10;}')
})

t.test('base64 of JSON is what ticket attachments expect', async (t) => {
  const encoded = jsonBase64([{ name: 'Zoë.txt', data: 'SGk=' }])
  t.match(encoded, /^[A-Za-z0-9+/]+=*$/)
  t.same(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')), [{ name: 'Zoë.txt', data: 'SGk=' }])
})
