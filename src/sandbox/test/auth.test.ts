import t from 'tap'
import { SEED_PASSWORD } from '../seed/index.js'
import { api, pick, start } from './fixtures/helpers.js'

// ---------------------------------------------------------------- ValidateLogin

t.test('ValidateLogin answers the user id and a session token for the right password', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'ValidateLogin', { email: 'LIAM.JOHNSON@example.com', password2: SEED_PASSWORD })
  t.match(body, { result: 'success', userid: '6', passwordhash: /^[0-9a-f]{40}$/, twoFactorEnabled: 'false' })
})

t.test('ValidateLogin gives no session token when a second factor is needed', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'ValidateLogin', { email: 'sam.carter@example.org', password2: SEED_PASSWORD })
  t.same(body, { result: 'success', userid: '34', twoFactorEnabled: 'true' })
})

t.test('ValidateLogin answers the same error for a wrong password and an unknown email', async t => {
  const sb = await start(t)
  const attempts: Array<Record<string, string>> = [{ email: 'liam.johnson@example.com', password2: 'wrong' }, { email: 'nobody@example.com', password2: SEED_PASSWORD }, { email: 'liam.johnson@example.com' }]
  for (const fields of attempts) {
    t.same((await api(sb, 'ValidateLogin', fields)).body, { result: 'error', message: 'Email or Password Invalid' })
  }
})

t.test('a user made by AddUser logs in with the password it was given', async t => {
  const sb = await start(t)
  await api(sb, 'AddUser', { firstname: 'Ida', lastname: 'Login', email: 'ida.login@example.com', password2: 'p@ss w0rd&=' })
  t.match((await api(sb, 'ValidateLogin', { email: 'ida.login@example.com', password2: 'p@ss w0rd&=' })).body, { result: 'success' })
})

// ---------------------------------------------------------------- CreateSsoToken

t.test('CreateSsoToken answers a token and the URL that redeems it', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'CreateSsoToken', { client_id: '5', destination: 'clientarea:invoices' })
  t.match(body, { result: 'success', access_token: /^[0-9a-f]{40}$/ })
  t.equal(body.redirect_url, `https://billing.example.com/oauth/singlesignon.php?access_token=${String(body.access_token)}`)
})

t.test('an SSO token works once, and not after 60 seconds', async t => {
  let clock = new Date('2026-03-02T12:00:00Z').getTime()
  const sb = await start(t, { now: () => new Date(clock) })
  const redeem = async (token: unknown): Promise<string | null> =>
    (await fetch(`${sb.url}/oauth/singlesignon.php?access_token=${String(token)}`, { redirect: 'manual' })).headers.get('location')
  const first = (await api(sb, 'CreateSsoToken', { user_id: '33' })).body.access_token
  t.equal(await redeem(first), 'https://billing.example.com/clientarea.php')
  t.equal(await redeem(first), 'https://billing.example.com/login.php?sso=expired', 'a second use is refused')
  const second = (await api(sb, 'CreateSsoToken', { client_id: '1' })).body.access_token
  clock += 60_001
  t.equal(await redeem(second), 'https://billing.example.com/login.php?sso=expired', 'an expired token is refused')
})

t.test('CreateSsoToken refuses with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{}, 'A valid client_id or user_id is required'],
    [{ client_id: '999' }, 'Invalid client_id'],
    [{ user_id: '999' }, 'Invalid user_id'],
    [{ client_id: '1', user_id: '33' }, 'Invalid user_id for client'],
    [{ client_id: '1', destination: 'admin:everything' }, 'Invalid destination']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'CreateSsoToken', fields)).body, { result: 'error', message }, message)
})

// ---------------------------------------------------------------- OAuth credentials

t.test('CreateOAuthCredential answers an id as a string, an identifier and a secret', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'CreateOAuthCredential', {
    grantType: 'authorization_code', name: 'Mobile app', scope: 'openid email', redirectUri: 'https://app.example.com/cb', description: 'iOS'
  })
  t.match(body, { result: 'success', credentialId: '2', clientIdentifier: /^SANDBOX-HOSTING-LTD\.[A-Za-z0-9+/=]+$/, clientSecret: /^[A-Za-z0-9+/=]{88}$/ })
  const list = (await api(sb, 'ListOAuthCredentials', { sortField: 'credentialId', sortOrder: 'DESC' })).body.clients as Array<Record<string, unknown>>
  t.match(list[0], { credentialId: 2, name: 'Mobile app', grantTypes: 'authorization_code', scope: 'openid email', redirectUri: ['https://app.example.com/cb'], clientSecret: body.clientSecret })
})

t.test('CreateOAuthCredential issues a single sign-on credential for a service the store holds', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'CreateOAuthCredential', { grantType: 'single_sign_on', serviceId: '1', scope: 'clientarea:sso' })
  t.match(body, { result: 'success', clientIdentifier: /\./, clientSecret: /^[A-Za-z0-9+/=]{88}$/ })
  const list = (await api(sb, 'ListOAuthCredentials', { grantType: 'single_sign_on' })).body.clients as Array<Record<string, unknown>>
  t.match(list, [{ grantTypes: 'single_sign_on', serviceId: 1 }])
})

t.test('CreateOAuthCredential refuses with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[Record<string, string>, string]> = [
    [{ scope: 'openid' }, 'A valid grant type is required.'],
    [{ grantType: 'password', scope: 'openid' }, 'The requested grant type "password" is invalid.'],
    [{ grantType: 'authorization_code', scope: 'openid' }, 'A name for the Client Credential is required.'],
    [{ grantType: 'single_sign_on', scope: 'clientarea:sso' }, 'A service ID is required for the single sign-on grant type.'],
    [{ grantType: 'authorization_code', name: 'x' }, 'At least one valid scope is required.'],
    [{ grantType: 'authorization_code', name: 'x', scope: 'openid admin' }, 'The requested scope "admin" is invalid.'],
    [{ grantType: 'single_sign_on', serviceId: '9999', scope: 'clientarea:sso' }, 'A valid Service ID is required.']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'CreateOAuthCredential', fields)).body, { result: 'error', message }, message)
})

t.test('ListOAuthCredentials answers a bare list under clients, with dates as WHMCS words them', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'ListOAuthCredentials')
  t.match(pick(body, 'clients.0'), { credentialId: 1, grantTypes: 'authorization_code', createdAt: '1st February 2023 10:00:00am', rsaKeyPairId: 0 })
  t.same((await api(sb, 'ListOAuthCredentials', { grantType: 'single_sign_on' })).body, { result: 'success', clients: [] })
  await api(sb, 'CreateOAuthCredential', { grantType: 'authorization_code', name: 'Second', scope: 'openid' })
  t.equal(((await api(sb, 'ListOAuthCredentials', { limit: '1' })).body.clients as unknown[]).length, 1)
})
