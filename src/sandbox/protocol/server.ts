// The sandbox's HTTP side: routing, request decoding, access control,
// dispatch to the action handlers, the WHMCS envelope, rendering and quirks.
//
// Order of checks for POST /includes/api.php, as WHMCS does them:
//   answer quirks (a WAF or broken PHP answers before WHMCS gets a say)
//   → IP allow-list (skipped with the right accesskey)   → 403 "Invalid IP <addr>"
//   → credentials (identifier/secret or username/password) → 403 "Authentication Failed"
//   → action lookup (case-insensitive)  → 200 "The requested API Action could not be found."
//   → the action: success, or 200 {"result":"error","message":...}
//   → a write that succeeded (any action not named as a read) appends to the activity log
//
// GET /oauth/singlesignon.php?access_token=... redeems a CreateSsoToken token.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseForm, type ParsedForm } from './form.js'
import { findAction, isReadAction } from '../handlers/index.js'
import { logWrite } from '../handlers/system.js'
import { Params, ActionError } from './params.js'
import { applyShapeQuirks, QuirkRegistry } from './quirks.js'
import { CONTENT_TYPES, renderBody, responseTypeOf, type ResponseType } from './render.js'
import { seedData } from '../seed/index.js'
import { emptyData, Store } from '../store/index.js'
import type { JsonObject, Quirk, RecordedCall, Sandbox, SandboxOptions } from '../types.js'

export const API_PATH = '/includes/api.php'
/** Where CreateSsoToken's redirect_url sends the user to redeem the token. */
export const SSO_PATH = '/oauth/singlesignon.php'
/** PHP's default post_max_size. */
const MAX_BODY_BYTES = 8 * 1024 * 1024

const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  identifier: 'sandbox-identifier',
  secret: 'sandbox-secret',
  allowedIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1']
}

const NOT_FOUND_PAGE = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n' +
  '</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n'

const METHOD_NOT_ALLOWED_PAGE = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>405 Method Not Allowed</title>\n' +
  '</head><body>\n<h1>Method Not Allowed</h1>\n<p>The requested method is not allowed for this URL.</p>\n</body></html>\n'

const BAD_REQUEST_PAGE = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>400 Bad Request</title>\n' +
  '</head><body>\n<h1>Bad Request</h1>\n</body></html>\n'

const TOO_LARGE_PAGE = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>413 Request Entity Too Large</title>\n' +
  '</head><body>\n<h1>Request Entity Too Large</h1>\n</body></html>\n'

const MAINTENANCE_PAGE = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Down for maintenance</title></head>\n' +
  '<body><h1>We&rsquo;ll be back soon</h1><p>The billing system is undergoing scheduled maintenance. Please try again shortly.</p></body></html>\n'

function phpNotice (action: string, message: string | undefined): string {
  const script = `/var/www/whmcs/includes/api/${action.toLowerCase().replace(/[^a-z0-9]/g, '') || 'index'}.php`
  return `<br />\n<b>Warning</b>:  ${message ?? 'Undefined array key "HTTP_X_FORWARDED_FOR"'} in <b>${script}</b> on line <b>27</b><br />\n`
}

const PHP_FATAL = '<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 262144 bytes) in ' +
  '<b>/var/www/whmcs/vendor/illuminate/database/Connection.php</b> on line <b>421</b><br />\n'

/** What the sandbox does with one request. */
type Outcome =
  | { type: 'reply', status: number, contentType: string, body: Buffer, headers?: Record<string, string> }
  | { type: 'reset' }

function reply (status: number, contentType: string, body: string, headers?: Record<string, string>): Outcome {
  return { type: 'reply', status, contentType, body: Buffer.from(body, 'utf8'), headers }
}

function clientAddress (req: IncomingMessage): string {
  return req.socket.remoteAddress ?? ''
}

/** The caller's address, IPv4-mapped IPv6 addresses as plain IPv4. */
function plainAddress (req: IncomingMessage): string {
  const address = clientAddress(req)
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function isUrlEncoded (req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  return type === 'application/x-www-form-urlencoded'
}

class SandboxServer {
  readonly quirks = new QuirkRegistry()
  readonly calls: RecordedCall[] = []
  private store: Store
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly server: Server
  private closed = false

  constructor (
    private readonly identifier: string,
    private readonly secret: string,
    private readonly accessKey: string | undefined,
    private readonly allowedIps: readonly string[],
    private readonly seed: boolean,
    private readonly now: () => Date,
    private readonly projectManagement: boolean
  ) {
    this.store = this.freshStore()
    this.server = createServer((req, res) => { this.handle(req, res) })
    this.server.keepAliveTimeout = 5000
  }

  private freshStore (): Store {
    const store = new Store(this.seed ? seedData() : emptyData())
    store.projects.active = this.projectManagement
    return store
  }

  listen (host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve(this.server.address() as AddressInfo)
      })
    })
  }

  reset (): void {
    this.store = this.freshStore()
    this.quirks.clear()
    this.calls.length = 0
  }

  close (): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    return new Promise(resolve => {
      this.server.close(() => { resolve() })
      this.server.closeAllConnections()
    })
  }

  // ------------------------------------------------------------ HTTP

  private handle (req: IncomingMessage, res: ServerResponse): void {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid')
    } catch {
      this.send(res, reply(400, 'text/html; charset=iso-8859-1', BAD_REQUEST_PAGE))
      return
    }
    const path = url.pathname
    if (path === SSO_PATH && req.method === 'GET') {
      this.send(res, this.redeemSsoToken(url.searchParams.get('access_token') ?? ''))
      return
    }
    const isApi = path === API_PATH || path.startsWith(API_PATH + '/')
    if (!isApi) {
      this.send(res, reply(404, 'text/html; charset=iso-8859-1', NOT_FOUND_PAGE))
      return
    }
    if (req.method !== 'POST') {
      this.send(res, reply(405, 'text/html; charset=iso-8859-1', METHOD_NOT_ALLOWED_PAGE, { Allow: 'POST' }))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        tooLarge = true
        this.send(res, reply(413, 'text/html; charset=iso-8859-1', TOO_LARGE_PAGE, { Connection: 'close' }))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (tooLarge) return
      const body = isUrlEncoded(req) ? Buffer.concat(chunks).toString('utf8') : ''
      const form = parseForm(body, url.search.slice(1))
      this.answer(req, res, body, form, path !== API_PATH)
    })
    req.on('error', () => { res.destroy() })
  }

  private answer (req: IncomingMessage, res: ServerResponse, body: string, form: ParsedForm, extraPath: boolean): void {
    const action = form.flat.action ?? ''
    const responsetype = form.flat.responsetype ?? ''
    this.calls.push({ action, fields: { ...form.flat }, responsetype, body })
    const quirks = this.quirks.take(action)
    const outcome = this.process(req, form, action, responseTypeOf(responsetype), quirks, extraPath)
    const delay = quirks.reduce((sum, q) => sum + (q.kind === 'slow' ? Math.max(0, q.delayMs) : 0), 0)
    if (delay === 0) {
      this.send(res, outcome)
      return
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.send(res, outcome)
    }, delay)
    this.timers.add(timer)
  }

  private send (res: ServerResponse, outcome: Outcome): void {
    if (res.destroyed || res.writableEnded) return
    if (outcome.type === 'reset') {
      res.socket?.resetAndDestroy()
      return
    }
    res.writeHead(outcome.status, {
      'Content-Type': outcome.contentType,
      'Content-Length': String(outcome.body.length),
      'X-Powered-By': 'PHP/8.1.31',
      ...outcome.headers
    })
    res.end(outcome.body)
  }

  /** A single sign-on token works once, within its lifetime: into the client area, else to the login page. */
  private redeemSsoToken (token: string): Outcome {
    const base = this.store.settings.value('SystemURL')
    const found = this.store.ssoTokens.usable(token, this.now())
    if (found !== undefined) found.redeemed = true
    return reply(302, 'text/html; charset=utf-8', '', { Location: `${base}${found === undefined ? 'login.php?sso=expired' : 'clientarea.php'}` })
  }

  // ------------------------------------------------------------ WHMCS

  private process (req: IncomingMessage, form: ParsedForm, action: string, type: ResponseType,
    quirks: Quirk[], extraPath: boolean): Outcome {
    const render = (status: number, body: JsonObject): Outcome =>
      reply(status, CONTENT_TYPES[type], renderBody(type, action, applyShapeQuirks(body, quirks)))

    // Quirks that replace the answer: the action does not run.
    for (const quirk of quirks) {
      switch (quirk.kind) {
        case 'warning':
          return render(200, { warning: quirk.message })
        case 'status-error':
          return render(200, { status: 'error', message: quirk.message })
        case 'error':
          return render(quirk.httpStatus ?? 200, { result: 'error', message: quirk.message })
        case 'html':
          return reply(quirk.httpStatus ?? 200, 'text/html; charset=utf-8', quirk.body ?? MAINTENANCE_PAGE)
        case 'http-error':
          return reply(quirk.httpStatus, 'text/html; charset=utf-8', quirk.body ?? PHP_FATAL)
        case 'empty-body':
          return reply(200, CONTENT_TYPES[type], '')
        case 'reset':
          return { type: 'reset' }
      }
    }

    const [status, body] = this.run(req, form, action, extraPath)
    let outcome = render(status, body)

    // Quirks that damage the rendered answer.
    for (const quirk of quirks) {
      if (outcome.type !== 'reply') break
      if (quirk.kind === 'php-notice') {
        outcome = { ...outcome, body: Buffer.concat([Buffer.from(phpNotice(action, quirk.message), 'utf8'), outcome.body]) }
      } else if (quirk.kind === 'truncated') {
        outcome = { ...outcome, body: outcome.body.subarray(0, Math.floor(outcome.body.length / 2)) }
      }
    }
    return outcome
  }

  /** Access control, dispatch and the envelope. Returns the HTTP status and the answer. */
  private run (req: IncomingMessage, form: ParsedForm, action: string, extraPath: boolean): [number, JsonObject] {
    const field = (name: string): string | undefined => {
      const value = form.tree.get(name)
      return typeof value === 'string' ? value : undefined
    }
    const error = (message: string): JsonObject => ({ result: 'error', message })

    const keyOk = this.accessKey !== undefined && this.accessKey !== '' && field('accesskey') === this.accessKey
    if (!keyOk) {
      const address = clientAddress(req)
      const plain = plainAddress(req)
      if (!this.allowedIps.includes(address) && !this.allowedIps.includes(plain)) {
        return [403, error(`Invalid IP ${plain}`)]
      }
    }

    const identifier = field('identifier') ?? field('username')
    const secret = field('identifier') !== undefined ? field('secret') : field('password')
    if (identifier !== this.identifier || secret !== this.secret) {
      return [403, error('Authentication Failed')]
    }

    // A doubled path (.../includes/api.php/includes/api.php) reaches api.php without an admin session.
    if (extraPath) return [403, error('An admin user is required')]

    const registered = findAction(action)
    if (registered === undefined) return [200, error('The requested API Action could not be found.')]

    try {
      const ctx = { params: new Params(form.tree), store: this.store, now: this.now }
      const answer = registered.handler(ctx)
      if (!isReadAction(registered.name)) logWrite(ctx, registered.name, answer, plainAddress(req))
      return [200, answer]
    } catch (err) {
      if (err instanceof ActionError) return [200, error(err.message)]
      const message = err instanceof Error ? err.message : String(err)
      return [500, error(`Sandbox internal error: ${message}`)]
    }
  }
}

/** Start a WHMCS sandbox listening on loopback (by default on a random port). */
export async function startSandbox (opts: SandboxOptions = {}): Promise<Sandbox> {
  const identifier = opts.identifier ?? DEFAULTS.identifier
  const secret = opts.secret ?? DEFAULTS.secret
  const host = opts.host ?? DEFAULTS.host
  const server = new SandboxServer(
    identifier,
    secret,
    opts.accessKey,
    [...(opts.allowedIps ?? DEFAULTS.allowedIps)],
    opts.seed ?? true,
    opts.now ?? (() => new Date()),
    opts.projectManagement ?? true
  )
  const address = await server.listen(host, opts.port ?? DEFAULTS.port)
  const hostPart = address.address.includes(':') ? `[${address.address}]` : address.address
  const url = `http://${hostPart}:${address.port}`
  const sandbox: Sandbox = {
    url,
    apiUrl: url + API_PATH,
    identifier,
    secret,
    quirks: server.quirks,
    calls: server.calls,
    reset: () => { server.reset() },
    close: () => server.close()
  }
  if (opts.accessKey !== undefined) sandbox.accessKey = opts.accessKey
  return sandbox
}
