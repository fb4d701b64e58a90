// /auth/login-validations: checks an end user's email address and password against WHMCS.
//
// Semantics: the caller (the API key) is trusted; the end user's credentials are what is checked.
// Credentials that match answer 200; credentials that do not answer 401 LOGIN_INVALID, which is
// not the service's own UNAUTHORIZED (no WWW-Authenticate challenge: the API key was accepted and
// must not be dropped or refreshed). The password is never logged, stored or echoed, and the
// answer (a session token) is never kept for Idempotency-Key replays. So that the service cannot be
// used to stuff credentials into WHMCS, checks have their own budgets, per email address and per
// API key (LOGIN_RATE_LIMIT_*), counted whether or not the credentials match.
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { budgetGuard } from '../../src/auth/budgets.js'
import type { LoginLimitConfig } from '../../src/config.js'
import { itemRoute, resource, type AnyRoute } from '../../src/route/index.js'
import { LoginValidation, LoginValidationCreate } from './schemas.js'
import { ref } from '../../src/schemas/common.js'
import { toBool, toId, toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

export interface AuthRoutesOptions {
  loginLimit: LoginLimitConfig
}

/** Email addresses are counted by a hash: the limiter's store never holds them. */
const emailKey = (request: FastifyRequest): string => {
  const email = (request.body as { email?: unknown } | undefined)?.email
  return createHash('sha256').update(typeof email === 'string' ? email.trim().toLowerCase() : '').digest('hex')
}
const callerKey = (request: FastifyRequest): string => request.apiKeyId ?? `ip:${request.ip}`
const minutes = (seconds: number): string => `${Math.max(1, Math.round(seconds / 60))} minute(s)`

export function routes (fastify: FastifyInstance, opts: AuthRoutesOptions): AnyRoute[] {
  const { perEmail, perKey, windowMs } = opts.loginLimit
  const window = minutes(windowMs / 1000)
  return [
    itemRoute({
      method: 'POST',
      url: '/auth/login-validations',
      operationId: 'validateLogin',
      summary: 'Check an end user\'s login',
      description: `Checks an end user's email address and password against WHMCS. 200 means they match a user (and, unless it needs a second factor, WHMCS starts a session whose token is answered once); 401 with the code \`LOGIN_INVALID\` means they do not, and says nothing of which one is wrong. That 401 is about the end user, not the API key: it comes without a WWW-Authenticate challenge. Checks are limited to ${perEmail} per email address and ${perKey} per API key every ${window} (429 with Retry-After past that), whatever their outcome. The password is never logged or stored. WHMCS recommends single sign-on tokens over this check where they fit.`,
      group: 'Authentication',
      action: 'ValidateLogin',
      body: ref(LoginValidationCreate),
      idempotencyKey: 'none',
      status: 200,
      response: ref(LoginValidation),
      responseDescription: 'The email address and password are a user\'s',
      guard: budgetGuard(fastify, [
        {
          name: 'login-email',
          max: perEmail,
          windowMs,
          key: emailKey,
          refusal: (max, seconds) => `At most ${max} login checks for one email address every ${window}; try again in ${seconds} seconds.`
        },
        {
          name: 'login-key',
          max: perKey,
          windowMs,
          key: callerKey,
          refusal: (max, seconds) => `At most ${max} login checks per API key every ${window}; try again in ${seconds} seconds.`
        }
      ]),
      problems: {
        401: 'No API key, or one that is not valid (`UNAUTHORIZED`, with a WWW-Authenticate challenge); or the email address and password do not match a user (`LOGIN_INVALID`, without a challenge: the API key was accepted)',
        429: 'The API key\'s request budget, or the login check budget of this email address or API key, is spent; see Retry-After'
      },
      request: ({ body }) => ({ email: body.email, password2: body.password }),
      map: (raw) => {
        const token = toText(raw.passwordhash)
        return { userId: toId(raw.userid, 'userid'), twoFactorEnabled: toBool(raw.twoFactorEnabled), passwordHash: token === '' ? null : token }
      }
    })
  ]
}

export default resource({ schemas, routes: ({ fastify, settings }) => routes(fastify, { loginLimit: settings.loginLimit }) })
