// The WhmcsError family. Every failure of a WHMCS call ends up as one of these, with a stable
// `code` that the error handler maps to an HTTP answer; no message here ever carries credentials.

export type WhmcsErrorCode =
  | 'WHMCS_API_ERROR' // WHMCS answered and said no (result/status error, or a bare warning)
  | 'WHMCS_UNREACHABLE' // no connection could be made
  | 'WHMCS_TIMEOUT' // connected, but no complete answer in time
  | 'WHMCS_CONNECTION_RESET' // the connection broke while the answer was pending
  | 'WHMCS_HTTP_ERROR' // an HTTP error status without a WHMCS answer (WAF page, PHP fatal error)
  | 'WHMCS_BAD_RESPONSE' // a body that is not a WHMCS answer (HTML, empty, truncated, wrong shape)
  | 'WHMCS_OVERLOADED' // the governor's queue is full: the call was not sent
  | 'WHMCS_CIRCUIT_OPEN' // the circuit breaker is open: the call was not sent
  | 'WHMCS_DEADLINE' // the caller's deadline passed (waiting in the queue or for WHMCS)

export class WhmcsError extends Error {
  readonly code: WhmcsErrorCode
  action?: string

  constructor (code: WhmcsErrorCode, message: string, options?: { action?: string, cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WhmcsError'
    this.code = code
    this.action = options?.action
  }
}

/** WHMCS understood the call and refused it; `message` is WHMCS's own text. */
export class WhmcsApiError extends WhmcsError {
  /** How WHMCS signalled it: `result: error`, `status: error` or a bare `warning`. */
  readonly signal: 'result' | 'status' | 'warning'
  /** The HTTP status WHMCS used (200 for business errors, 403 for some credential errors). */
  readonly httpStatus: number

  constructor (message: string, options: { action: string, signal: 'result' | 'status' | 'warning', httpStatus: number }) {
    super('WHMCS_API_ERROR', message, { action: options.action })
    this.name = 'WhmcsApiError'
    this.signal = options.signal
    this.httpStatus = options.httpStatus
  }
}

/** The call did not produce a usable WHMCS answer. */
export class WhmcsTransportError extends WhmcsError {
  readonly httpStatus?: number
  /**
   * False when the request certainly never reached WHMCS (queue full, breaker open, connection
   * refused): a write may then be tried again safely. True when WHMCS may have acted on it.
   */
  readonly reachedWhmcs: boolean
  /** When retrying makes sense again, for a Retry-After header. */
  readonly retryAfterMs?: number

  constructor (code: Exclude<WhmcsErrorCode, 'WHMCS_API_ERROR'>, message: string, options?: { action?: string, cause?: unknown, httpStatus?: number, reachedWhmcs?: boolean, retryAfterMs?: number }) {
    super(code, message, options)
    this.name = 'WhmcsTransportError'
    this.httpStatus = options?.httpStatus
    this.reachedWhmcs = options?.reachedWhmcs ?? true
    this.retryAfterMs = options?.retryAfterMs
  }
}

/** WHMCS answered success, but with a value we cannot read as the type it must be. */
export class WhmcsResponseError extends WhmcsTransportError {
  constructor (message: string, options?: { action?: string, cause?: unknown }) {
    super('WHMCS_BAD_RESPONSE', message, options)
    this.name = 'WhmcsResponseError'
  }
}
