import t from 'tap'
import { PROBLEM_LIMITS, bounded, classifyWhmcsMessage, clip, problem, whmcsProblem } from '../../src/problems/catalogue.js'
import { REQUEST_ID_MAX_LENGTH } from '../../src/observability/request-id.js'
import { WhmcsApiError, WhmcsTransportError } from '../../src/whmcs/errors.js'
import { build } from '../support/helper.js'

const cases: Array<[string, string]> = [
  // Clients, as WHMCS documents them
  ['Client ID Not Found', 'NOT_FOUND'],
  ['Client Not Found', 'NOT_FOUND'],
  ['Invalid client id', 'NOT_FOUND'],
  ['Invalid Owner User ID', 'NOT_FOUND'],
  ['Either clientid Or email Is Required', 'INVALID_INPUT'],
  ['You did not enter your first name', 'INVALID_INPUT'],
  ['You did not enter your  address line 1', 'INVALID_INPUT'],
  ['The email address you entered was not valid', 'INVALID_INPUT'],
  ['Valid country required', 'INVALID_INPUT'],
  ['Invalid telephone phone number', 'INVALID_INPUT'],
  ['You did not provide required custom field value for VAT Number', 'INVALID_INPUT'],
  ['Email is required', 'INVALID_INPUT'],
  ['User permissions are required', 'INVALID_INPUT'],
  ['The email address entered is not available for use.', 'CONFLICT'],
  ['A user already exists with that email address', 'CONFLICT'],
  ['Duplicate Email Address', 'CONFLICT'],
  ['User already associated with client', 'CONFLICT'],
  ['Multiple Credit Card Pay Methods Found', 'CONFLICT'],
  ['You must have at least one email address enabled to receive domain related notifications as required by ICANN.', 'CONFLICT'],
  ['Client Delete Failed: foreign key', 'UPSTREAM_FAILED'],
  ['An unexpected error occurred: boom', 'UPSTREAM_FAILED'],
  // Other groups, to hold the table to its rules
  ['Order ID not found or Status not Pending', 'CONFLICT'],
  ['Invoice Not Found or Not Unpaid', 'CONFLICT'],
  ['It is not possible to add a payment to an invoice that is Cancelled', 'CONFLICT'],
  ['The order status must be in Cancelled or Fraud to be deleted', 'CONFLICT'],
  ['Invalid user_id for client', 'INVALID_INPUT'],
  ['The system cannot find the provided user ID.', 'NOT_FOUND'],
  ['Payment Attempt Failed', 'UPSTREAM_FAILED'],
  // System, Authentication and Users
  ['Invalid name for parameter setting', 'NOT_FOUND'],
  ['Parameter value is required', 'INVALID_INPUT'],
  ['Email Template not found', 'NOT_FOUND'],
  ['Email Template is disabled', 'CONFLICT'],
  ['Sending Failed. Please see documentation.', 'UPSTREAM_FAILED'],
  ['Account creation failed: the server refused the domain name shop.invalid', 'UPSTREAM_FAILED'],
  ['Transfer failed: the authorisation (EPP) code does not match', 'UPSTREAM_FAILED'],
  ['Service not assigned to a module', 'CONFLICT'],
  ['The account is already suspended', 'CONFLICT'],
  ['The account is not suspended', 'CONFLICT'],
  ['The account is not active', 'CONFLICT'],
  ['The domain can not be renewed', 'CONFLICT'],
  ['The given TLD is not supported for WHOIS lookups', 'INVALID_INPUT'],
  ['Registrar Function Not Supported', 'UPSTREAM_FAILED'],
  ['Email or Password Invalid', 'LOGIN_INVALID'],
  ['Invalid client_id', 'NOT_FOUND'],
  ['Invalid user_id', 'NOT_FOUND'],
  ['Invalid destination', 'INVALID_INPUT'],
  ['SSO authentication blocked for client 7', 'CONFLICT'],
  ['The requested scope "admin" is invalid.', 'INVALID_INPUT'],
  ['Invalid User ID requested', 'NOT_FOUND'],
  ['Permissions cannot be set on a client owner', 'CONFLICT'],
  ['User is not associated with client', 'INVALID_INPUT'],
  // The facade's own configuration problems
  ['Authentication Failed', 'UPSTREAM_AUTH_FAILED'],
  ['Invalid IP 203.0.113.7', 'UPSTREAM_AUTH_FAILED'],
  ['Invalid or missing credentials', 'UPSTREAM_AUTH_FAILED'],
  ['Access Denied', 'UPSTREAM_AUTH_FAILED'],
  ['The requested API Action could not be found.', 'ACTION_NOT_SUPPORTED'],
  ['Something WHMCS has never said before', 'WHMCS_REJECTED']
]

t.test('WHMCS messages map to problem codes, case-insensitively', async (t) => {
  for (const [message, code] of cases) {
    t.equal(classifyWhmcsMessage(message), code, message)
    t.equal(classifyWhmcsMessage(message.toUpperCase()), code, `${message} (upper case)`)
  }
})

t.test('input problems carry WHMCS\'s message as detail', async (t) => {
  const p = whmcsProblem(new WhmcsApiError('Duplicate Email Address', { action: 'UpdateClient', signal: 'result', httpStatus: 200 }))
  t.match(p, { status: 409, code: 'CONFLICT', detail: 'Duplicate Email Address', type: 'urn:whmcs-rest:problem:conflict' })
})

t.test('credential problems do not repeat WHMCS\'s text', async (t) => {
  const p = whmcsProblem(new WhmcsApiError('Invalid IP 198.51.100.4', { action: 'GetClients', signal: 'result', httpStatus: 403 }))
  t.equal(p.status, 502)
  t.notMatch(p.detail, /198\.51/)
})

t.test('transport failures map to 502, 503 and 504', async (t) => {
  t.equal(whmcsProblem(new WhmcsTransportError('WHMCS_UNREACHABLE', 'x')).status, 503)
  t.equal(whmcsProblem(new WhmcsTransportError('WHMCS_TIMEOUT', 'x')).status, 504)
  t.equal(whmcsProblem(new WhmcsTransportError('WHMCS_BAD_RESPONSE', 'x')).status, 502)
  t.equal(whmcsProblem(new WhmcsTransportError('WHMCS_HTTP_ERROR', 'x')).status, 502)
  t.equal(whmcsProblem(new WhmcsTransportError('WHMCS_CONNECTION_RESET', 'x')).status, 502)
})

t.test('problem documents are bounded, whatever the input quoted in them', async (t) => {
  t.equal(clip('short', 10), 'short')
  t.equal(clip('abcdefghij', 5), 'abcd…')
  t.equal(clip('ab🚀cd', 4), 'ab…', 'a surrogate pair is never cut in half')
  const long = bounded(problem('INVALID_REQUEST', 'x'.repeat(10_000), Array.from({ length: 500 }, (_, i) => ({ location: `body/${'p'.repeat(2000)}${i}`, message: 'is not a known property' }))))
  t.equal(long.detail?.length, PROBLEM_LIMITS.detail)
  t.equal(long.errors?.length, PROBLEM_LIMITS.errors)
  t.equal(long.errors?.[0].location.length, PROBLEM_LIMITS.errorText)

  const { app } = await build(t)
  const body = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`unknown${'_'.repeat(1500)}${i}`, 1]))
  const res = await app.inject({ method: 'POST', url: '/clients', payload: body })
  t.equal(res.statusCode, 400)
  const p = res.json<{ detail: string, errors: Array<{ location: string, message: string }> }>()
  t.equal(p.errors.length, PROBLEM_LIMITS.errors, 'at most 100 errors, however many the body has')
  t.ok(p.errors.every((e) => e.location.length <= PROBLEM_LIMITS.errorText && e.message.length <= PROBLEM_LIMITS.errorText))
  t.ok(p.detail.length <= PROBLEM_LIMITS.detail)
})

t.test('x-request-id is honoured when it is a short printable token, and replaced otherwise', async (t) => {
  const { app } = await build(t)
  const instance = async (id?: string): Promise<string> =>
    (await app.inject({ url: '/clients/0', headers: id === undefined ? {} : { 'x-request-id': id } })).json<{ instance: string }>().instance
  t.equal(await instance('trace-4f1c2a'), 'trace-4f1c2a')
  const longest = 'r'.repeat(REQUEST_ID_MAX_LENGTH)
  t.equal(await instance(longest), longest)
  for (const bad of ['r'.repeat(REQUEST_ID_MAX_LENGTH + 1), 'has spaces', '']) {
    t.match(await instance(bad), /^req-[0-9a-z]+$/, `${JSON.stringify(bad.slice(0, 20))} is replaced`)
  }
  t.match(await instance(), /^req-[0-9a-z]+$/)
})

t.test('a module or registrar route gives the failures WHMCS reports its own code, and only those', async (t) => {
  const error = (message: string) => new WhmcsApiError(message, { action: 'ModuleCreate', signal: 'result', httpStatus: 200 })
  t.match(whmcsProblem(error('Account creation failed: no space left'), 'MODULE_FAILED'), { status: 502, code: 'MODULE_FAILED', title: 'The provisioning module failed', detail: 'Account creation failed: no space left' })
  t.match(whmcsProblem(error('Transfer failed: wrong code'), 'REGISTRAR_FAILED'), { status: 502, code: 'REGISTRAR_FAILED', detail: 'Transfer failed: wrong code' })
  t.match(whmcsProblem(error('Account creation failed: no space left')), { code: 'UPSTREAM_FAILED' })
  t.match(whmcsProblem(error('Service ID not found'), 'MODULE_FAILED'), { status: 404, code: 'NOT_FOUND' })
  t.match(whmcsProblem(error('Something odd'), 'MODULE_FAILED'), { status: 422, code: 'WHMCS_REJECTED' })
})
