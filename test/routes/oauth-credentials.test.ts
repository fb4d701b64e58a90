import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

t.test('OAuth credentials', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('are listed without their secrets', async (t) => {
    const res = await app.inject('/oauth-credentials')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.meta, { total: 1, offset: 0, limit: 25 })
    t.same(page.data[0], {
      id: 1,
      name: 'Partner portal',
      description: 'Sign-in for the reseller partner portal',
      grantTypes: ['authorization_code'],
      scopes: ['openid', 'email', 'profile'],
      clientIdentifier: 'SANDBOX-HOSTING.c2FuZGJveC1wYXJ0bmVy',
      uuid: String(page.data[0].uuid),
      serviceId: null,
      logoUri: '',
      redirectUris: ['https://partners.example.com/oauth/callback'],
      createdAt: '2023-02-01T10:00:00',
      updatedAt: '2023-02-01T10:00:00'
    })
    t.notOk(res.body.includes('c2FuZGJveC1wYXJ0bmVyLXBvcnRhbC1zZWNyZXQ'), 'the secret WHMCS lists is left out')
  })

  t.test('are created with their secret, answered once', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/oauth-credentials',
      payload: { grantType: 'authorization_code', name: 'Mobile app', scopes: ['openid', 'email'], redirectUri: 'https://app.example.com/cb', description: 'iOS' }
    })
    t.equal(res.statusCode, 201)
    const created = res.json<{ id: number, clientIdentifier: string, clientSecret: string }>()
    t.match(created, { id: 2, clientIdentifier: /^SANDBOX-HOSTING-LTD\./, clientSecret: /^[A-Za-z0-9+/=]{88}$/ })
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateOAuthCredential', grantType: 'authorization_code', scope: 'openid email', name: 'Mobile app', redirectUri: 'https://app.example.com/cb' })
    const list = await app.inject('/oauth-credentials?grantType=authorization_code&offset=1')
    t.match(list.json<Page>().data, [{ id: 2, name: 'Mobile app', scopes: ['openid', 'email'], redirectUris: ['https://app.example.com/cb'] }])
    t.notOk(list.body.includes(created.clientSecret), 'never answered again')
    t.equal(sandbox.calls.at(-1)?.fields.grantType, 'authorization_code')
  })

  t.test('WHMCS\'s refusals are 422 problems; a bad body is a 400', async (t) => {
    const refused = await app.inject({ method: 'POST', url: '/oauth-credentials', payload: { grantType: 'authorization_code', name: 'x', scopes: ['openid', 'admin'] } })
    t.equal(refused.statusCode, 422)
    t.match(refused.json(), { code: 'INVALID_INPUT', detail: 'The requested scope "admin" is invalid.' })
    t.equal((await app.inject({ method: 'POST', url: '/oauth-credentials', payload: { grantType: 'single_sign_on', serviceId: 9999, scopes: ['clientarea:sso'] } })).statusCode, 422)
    for (const payload of [{ grantType: 'authorization_code', name: 'x' }, { grantType: 'password', scopes: ['openid'] }, { grantType: 'authorization_code', scopes: [] }]) {
      t.equal((await app.inject({ method: 'POST', url: '/oauth-credentials', payload })).statusCode, 400, JSON.stringify(payload))
    }
  })
})
