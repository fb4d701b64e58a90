import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>

t.test('POST /sso-tokens', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('creates a one-time token for a client account', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/sso-tokens', payload: { clientId: 5, destination: 'clientarea:invoices' } })
    t.equal(res.statusCode, 201)
    const token = res.json<{ accessToken: string, redirectUrl: string }>()
    t.match(token.accessToken, /^[0-9a-f]{40}$/)
    t.equal(token.redirectUrl, `https://billing.example.com/oauth/singlesignon.php?access_token=${token.accessToken}`)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateSsoToken', client_id: '5', destination: 'clientarea:invoices' })
  })

  t.test('sends the user, service, domain and redirect path under WHMCS\'s names', async (t) => {
    await app.inject({ method: 'POST', url: '/sso-tokens', payload: { userId: 33, clientId: 5, serviceId: 2, domainId: 3, destination: 'sso:custom_redirect', ssoRedirectPath: 'cart.php?a=add&pid=1' } })
    t.match(sandbox.calls.at(-1)?.fields, { user_id: '33', client_id: '5', service_id: '2', domain_id: '3', sso_redirect_path: 'cart.php?a=add&pid=1' })
  })

  t.test('WHMCS\'s refusals are 404 and 422 problems; an empty body is a 400', async (t) => {
    const cases: Array<[Json, number, string]> = [
      [{ clientId: 999 }, 404, 'NOT_FOUND'],
      [{ userId: 999 }, 404, 'NOT_FOUND'],
      [{ clientId: 1, userId: 33 }, 422, 'INVALID_INPUT'],
      [{ clientId: 1, destination: 'admin:everything' }, 422, 'INVALID_INPUT'],
      [{}, 400, 'INVALID_REQUEST']
    ]
    for (const [payload, status, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/sso-tokens', payload })
      t.equal(res.statusCode, status, JSON.stringify(payload))
      t.match(res.json(), { code })
    }
  })
})
