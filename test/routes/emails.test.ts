import t from 'tap'
import { build } from '../support/helper.js'

type Json = Record<string, unknown>

t.test('POST /emails', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('sends a template about a record', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/emails', payload: { messageName: 'Client Signup Email', relatedId: 1 } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'SendEmail', messagename: 'Client Signup Email', id: '1' })
    // The related id names a record of the template's kind: an invoice for an invoice template.
    const invoice = await app.inject({ method: 'POST', url: '/emails', payload: { messageName: 'Invoice Created', relatedId: 2 } })
    t.equal(invoice.statusCode, 204)
    const none = await app.inject({ method: 'POST', url: '/emails', payload: { messageName: 'Invoice Created', relatedId: 9999 } })
    t.match(none.json(), { status: 502, detail: 'Sending Failed. Please see documentation.' })
  })

  t.test('sends a custom message with its variables serialized as WHMCS wants them', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/emails',
      payload: { customType: 'general', customSubject: 'Your code', customMessage: '<p>Code {$code}</p>', relatedId: 2, customVars: { code: 'Zoë-1' } }
    })
    t.equal(res.statusCode, 204)
    const sent = sandbox.calls.at(-1)?.fields ?? {}
    t.match(sent, { customtype: 'general', customsubject: 'Your code', custommessage: '<p>Code {$code}</p>', id: '2' })
    t.equal(Buffer.from(sent.customvars, 'base64').toString('utf8'), 'a:1:{s:4:"code";s:6:"Zoë-1";}')
  })

  t.test('WHMCS\'s refusals are 404, 409, 422 and 502 problems', async (t) => {
    const cases: Array<[Json, number, string]> = [
      [{ messageName: 'No Such Template', relatedId: 1 }, 404, 'NOT_FOUND'],
      [{ messageName: 'Credit Card Expiring Soon', relatedId: 1 }, 409, 'CONFLICT'],
      [{ relatedId: 1 }, 422, 'INVALID_INPUT'],
      [{ customType: 'general', customMessage: 'Hi', relatedId: 1 }, 422, 'INVALID_INPUT'],
      [{ messageName: 'Client Signup Email', relatedId: 999 }, 502, 'UPSTREAM_FAILED']
    ]
    for (const [payload, status, code] of cases) {
      const res = await app.inject({ method: 'POST', url: '/emails', payload })
      t.equal(res.statusCode, status, JSON.stringify(payload))
      t.match(res.json(), { code })
    }
  })

  t.test('the related record is required and the body is checked', async (t) => {
    for (const payload of [{ messageName: 'Client Signup Email' }, { relatedId: 1, customType: 'letter' }, { relatedId: 1, cc: 'x@example.com' }]) {
      t.equal((await app.inject({ method: 'POST', url: '/emails', payload })).statusCode, 400, JSON.stringify(payload))
    }
  })
})
