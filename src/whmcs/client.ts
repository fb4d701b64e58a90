// The one WHMCS client: one undici Pool per upstream, form-encoded POSTs to includes/api.php,
// answers decoded into results or typed WhmcsErrors. It never logs parameters or credentials.
import { Pool, errors as undiciErrors } from 'undici'
import type { FastifyBaseLogger } from 'fastify'
import type { ActionName, ActionParams, ActionResult } from './actions.js'
import { decodeResponse, type ResponseType } from './decode.js'
import { encodeForm, type FormValue } from './encode.js'
import { WhmcsError, WhmcsTransportError } from './errors.js'

export interface WhmcsClientOptions {
  /** The WHMCS base URL, with or without a trailing slash, or the full .../includes/api.php URL. */
  url: string
  identifier: string
  secret: string
  accessKey?: string
  responseType: ResponseType
  /** Connect, headers and body timeout for each call. */
  timeoutMs: number
  /** Cap on concurrent connections: WHMCS is PHP behind a few workers (QUIRKS.md 19). */
  connections: number
  logger?: FastifyBaseLogger
}

export interface CallOptions {
  /**
   * A read may be sent again once when a kept-alive socket turns out to be dead before any
   * answer arrived. Writes never are: WHMCS does not deduplicate them (QUIRKS.md 19).
   */
  idempotent?: boolean
  signal?: AbortSignal
}

const MAX_BODY_BYTES = 32 * 1024 * 1024

/** Accepts `https://host/whmcs`, `https://host/whmcs/` and `https://host/whmcs/includes/api.php`. */
export function apiEndpoint (base: string): URL {
  const url = new URL(base)
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = /\/includes\/api\.php$/i.test(path) ? path : `${path}/includes/api.php`
  url.search = ''
  url.hash = ''
  return url
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_ABORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'])

/** Network failures become WhmcsTransportErrors; anything else (a bug of ours) is passed on as it is. */
function transportError (err: unknown, action: string): Error {
  if (err instanceof WhmcsTransportError) return err
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return new WhmcsTransportError('WHMCS_TIMEOUT', 'WHMCS did not answer in time', { action, cause: err })
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return new WhmcsTransportError('WHMCS_UNREACHABLE', 'Timed out connecting to WHMCS', { action, cause: err })
  }
  const code = (err as { code?: string }).code
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' ||
      code === 'ENETUNREACH' || code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') {
    return new WhmcsTransportError('WHMCS_UNREACHABLE', 'Could not connect to WHMCS', { action, cause: err })
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new WhmcsTransportError('WHMCS_BAD_RESPONSE', 'WHMCS answered with an oversized body', { action, cause: err })
  }
  if (code !== undefined && RESET_CODES.has(code)) {
    return new WhmcsTransportError('WHMCS_CONNECTION_RESET', 'The connection to WHMCS broke before the answer was complete', { action, cause: err })
  }
  return err instanceof Error ? err : new Error(String(err))
}

/** Whether the failure happened before WHMCS could have started work on the request. */
function retriable (err: Error): boolean {
  return err instanceof WhmcsTransportError && err.code === 'WHMCS_CONNECTION_RESET'
}

export class WhmcsClient {
  readonly endpoint: URL
  readonly responseType: ResponseType
  readonly #pool: Pool
  readonly #path: string
  readonly #credentials: string
  readonly #log?: FastifyBaseLogger

  constructor (opts: WhmcsClientOptions) {
    this.endpoint = apiEndpoint(opts.url)
    this.responseType = opts.responseType
    this.#path = this.endpoint.pathname
    this.#log = opts.logger
    // Credentials are encoded once and only ever concatenated into the body.
    this.#credentials = encodeForm({
      identifier: opts.identifier,
      secret: opts.secret,
      accesskey: opts.accessKey,
      responsetype: opts.responseType
    })
    this.#pool = new Pool(this.endpoint.origin, {
      connections: opts.connections,
      pipelining: 1,
      connect: { timeout: opts.timeoutMs },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      keepAliveTimeout: 4_000,
      keepAliveMaxTimeout: 30_000,
      // Enforced while reading, so a chunked answer without content-length is capped too.
      maxResponseSize: MAX_BODY_BYTES
    })
  }

  /** Calls a WHMCS action; resolves with its raw answer or rejects with a WhmcsError. */
  async call<A extends ActionName> (action: A, params: ActionParams<A>, options: CallOptions = {}): Promise<ActionResult<A>> {
    const form = encodeForm({ action, ...(params as Record<string, FormValue>) })
    const body = `${form}&${this.#credentials}`
    const started = performance.now()
    try {
      const result = await this.#send(action, body, options.signal).catch((err: unknown) => {
        const e = transportError(err, action)
        if (options.idempotent !== true || !retriable(e)) throw e
        this.#log?.warn({ action }, 'WHMCS connection broke on a read; retrying once')
        return this.#send(action, body, options.signal)
      })
      this.#log?.debug({ action, ms: Math.round(performance.now() - started) }, 'WHMCS call')
      return result as ActionResult<A>
    } catch (err) {
      const e = err instanceof WhmcsError ? err : transportError(err, action)
      if (e instanceof WhmcsError) this.#log?.warn({ action, code: e.code, ms: Math.round(performance.now() - started) }, 'WHMCS call failed')
      throw e
    }
  }

  async #send (action: string, body: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const res = await this.#pool.request({
      method: 'POST',
      path: this.#path,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: this.responseType === 'json' ? 'application/json' : 'text/xml'
      },
      body,
      signal
    })
    if (Number(res.headers['content-length']) > MAX_BODY_BYTES) {
      res.body.destroy()
      throw new WhmcsTransportError('WHMCS_BAD_RESPONSE', 'WHMCS answered with an oversized body', { action })
    }
    let text: string
    try {
      text = await res.body.text()
    } catch (err) {
      throw transportError(err, action)
    }
    return decodeResponse(action, res.statusCode, text, this.responseType)
  }

  async close (): Promise<void> {
    await this.#pool.close()
  }
}
