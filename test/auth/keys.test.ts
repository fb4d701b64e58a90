import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { allowedFrom, allows, generateKey, KeyRing, KeysError, loadKeyRing, rawKeys, readKeysFile, scopeOf, sha256 } from '../../src/auth/keys.js'
import { run } from '../../src/cli/keys.js'

const dir = mkdtempSync(join(tmpdir(), 'keys-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const hex = (key: string): string => sha256(key).toString('hex')

t.test('raw keys from API_KEYS have full access and are kept only as hashes', async (t) => {
  const [key] = rawKeys(['s3cret-key-value'])
  t.same(key.scopes, new Set(['*']))
  t.same(key.hash, sha256('s3cret-key-value'))
  t.notMatch(JSON.stringify(key), /s3cret-key-value/)
})

t.test('a keys file is read as YAML or JSON', async (t) => {
  const yaml = readKeysFile(file('keys.yaml', `keys:
  - id: billing-sync
    name: Billing sync
    hash: sha256:${hex('k1')}
    scopes: [billing:read, clients:read]
    cidrs: [10.0.0.0/8, 2001:db8::/32]
    ratePerMinute: 60
`))
  t.match(yaml[0], { id: 'billing-sync', name: 'Billing sync', ratePerMinute: 60, revoked: false })
  const json = readKeysFile(file('keys.json', JSON.stringify({ keys: [{ id: 'ro', name: 'Read only', hash: hex('k2'), scopes: ['*:read'], revoked: true }] })))
  t.match(json[0], { id: 'ro', revoked: true, allowed: null })
})

t.test('a bad keys file stops the start with a reason', async (t) => {
  t.throws(() => readKeysFile(join(dir, 'missing.yaml')), KeysError)
  t.throws(() => readKeysFile(file('bad.yaml', 'keys: [ {')), KeysError)
  t.throws(() => readKeysFile(file('bad-scope.yaml', `keys:\n  - { id: a, name: a, hash: ${hex('a')}, scopes: [root] }\n`)), /scopes/)
  t.throws(() => readKeysFile(file('plain.yaml', 'keys:\n  - { id: a, name: a, hash: not-a-hash, scopes: ["*"] }\n')), /hash/)
  t.throws(() => readKeysFile(file('dup.yaml', `keys:\n  - { id: a, name: a, hash: ${hex('a')}, scopes: ["*"] }\n  - { id: a, name: b, hash: ${hex('b')}, scopes: ["*"] }\n`)), /twice/)
  t.throws(() => readKeysFile(file('cidr.yaml', `keys:\n  - { id: a, name: a, hash: ${hex('a')}, scopes: ["*"], cidrs: [nonsense] }\n`)), /CIDR/)
})

t.test('the key ring finds a key by its secret and nothing else', async (t) => {
  const ring = new KeyRing([...rawKeys(['alpha-key', 'beta-key'])])
  t.equal(ring.find('beta-key')?.id, 'env-2')
  t.equal(ring.find('gamma-key'), null)
  t.equal(ring.find(''), null)
})

t.test('scopes: exact, *, and *:read for reads only', async (t) => {
  const [key] = readKeysFile(file('s.yaml', `keys:\n  - { id: a, name: a, hash: ${hex('a')}, scopes: ["clients:read", "*:read"] }\n`))
  t.ok(allows(key, 'clients:read'))
  t.ok(allows(key, 'billing:read'))
  t.notOk(allows(key, 'clients:write'))
  t.ok(allows(rawKeys(['x'])[0], 'billing:write'))
  t.equal(scopeOf('Clients', 'write'), 'clients:write')
})

t.test('allowed addresses are checked, IPv4-mapped IPv6 as IPv4', async (t) => {
  const [key] = readKeysFile(file('c.yaml', `keys:\n  - { id: a, name: a, hash: ${hex('a')}, scopes: ["*"], cidrs: ["127.0.0.0/8", "2001:db8::/32"] }\n`))
  t.ok(allowedFrom(key, '127.0.0.1'))
  t.ok(allowedFrom(key, '::ffff:127.0.0.1'))
  t.ok(allowedFrom(key, '2001:db8::1'))
  t.notOk(allowedFrom(key, '10.1.2.3'))
  t.notOk(allowedFrom(key, 'not-an-ip'))
})

t.test('API_KEYS and API_KEYS_FILE combine; disabled auth has no ring', async (t) => {
  const path = file('k.yaml', `keys:\n  - { id: f, name: f, hash: ${hex('file-key')}, scopes: ["*"] }\n`)
  const ring = loadKeyRing({ rawKeys: ['env-key'], keysFile: path, disabled: false })
  t.equal(ring?.size, 2)
  t.equal(ring?.find('file-key')?.id, 'f')
  t.equal(loadKeyRing({ rawKeys: ['x'], disabled: true }), null)
})

t.test('`keys create` prints a new key once and a file entry holding only its hash', async (t) => {
  let printed = ''
  t.equal(run(['create', '--name', 'Billing sync', '--scopes', 'billing:read,clients:read', '--rate-per-minute', '120'], (s) => { printed += s }), 0)
  const key = /API key \(shown once; store it now\): (\S+)/.exec(printed)?.[1] ?? ''
  t.match(key, /^wr_[A-Za-z0-9_-]{43}$/)
  const entry = printed.slice(printed.indexOf('  - id:'))
  t.notMatch(entry, key, 'the entry does not hold the key')
  const [parsed] = readKeysFile(file('created.yaml', `keys:\n${entry}\n`))
  t.match(parsed, { id: 'billing-sync', name: 'Billing sync', ratePerMinute: 120 })
  t.ok(new KeyRing([parsed]).find(key), 'the entry accepts the printed key')
  t.not(generateKey(), generateKey())
})

t.test('`keys` refuses bad input', async (t) => {
  const quiet = (): void => {}
  t.equal(run(['create', '--name', 'x', '--scopes', 'root'], quiet), 2)
  t.equal(run(['create', '--scopes', '*'], quiet), 2)
  t.equal(run(['create', '--name', 'x', '--scopes', '*', '--rate-per-minute', '0'], quiet), 2)
  t.equal(run(['bogus'], quiet), 2)
  let out = ''
  t.equal(run(['hash', 'abc'], (s) => { out = s }), 0)
  t.equal(out, `sha256:${hex('abc')}`)
})
