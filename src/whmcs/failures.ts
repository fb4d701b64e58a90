// What a failed attempt at a WHMCS call means: which transport error it is, whether a read may be
// sent again, and what it says about WHMCS's health (the breaker's outcome).
import { errors as undiciErrors } from 'undici'
import { WhmcsApiError, WhmcsTransportError } from './errors.js'
import type { BreakerOutcome } from './governor/breaker.js'

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_ABORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'])

/** Network failures become WhmcsTransportErrors; anything else (a bug of ours) is passed on as it is. */
export function transportError (err: unknown, action: string): Error {
  if (err instanceof WhmcsTransportError) return err
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
    return new WhmcsTransportError('WHMCS_TIMEOUT', 'WHMCS did not answer in time', { action, cause: err })
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return new WhmcsTransportError('WHMCS_UNREACHABLE', 'Timed out connecting to WHMCS', { action, cause: err, reachedWhmcs: false })
  }
  const code = (err as { code?: string }).code
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' ||
      code === 'ENETUNREACH' || code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') {
    return new WhmcsTransportError('WHMCS_UNREACHABLE', 'Could not connect to WHMCS', { action, cause: err, reachedWhmcs: false })
  }
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new WhmcsTransportError('WHMCS_BAD_RESPONSE', 'WHMCS answered with an oversized body', { action, cause: err })
  }
  if (code !== undefined && RESET_CODES.has(code)) {
    return new WhmcsTransportError('WHMCS_CONNECTION_RESET', 'The connection to WHMCS broke before the answer was complete', { action, cause: err })
  }
  return err instanceof Error ? err : new Error(String(err))
}

/** Transport failures after which a read may be sent again: WHMCS was unreachable, slow or overloaded. */
export function retriable (err: WhmcsTransportError): boolean {
  switch (err.code) {
    case 'WHMCS_UNREACHABLE':
    case 'WHMCS_TIMEOUT':
    case 'WHMCS_CONNECTION_RESET':
      return true
    case 'WHMCS_HTTP_ERROR':
      return err.httpStatus === 502 || err.httpStatus === 503 || err.httpStatus === 504
    default:
      return false
  }
}

/**
 * What an attempt's outcome says about WHMCS's health. Any WHMCS answer, business errors
 * included, is a success. Failures are the signs of an upstream that is down or drowning: no
 * connection, timeouts, resets, the deadline passing while WHMCS worked, and HTTP 5xx/408/429
 * without a WHMCS answer. Bodies that are not a WHMCS answer at a 2xx status (HTML page, empty,
 * truncated) and other 4xx pages (a WAF rule matching one payload) are neutral: they are often
 * about one request or one broken action, and must not take every other action down with them.
 */
export function breakerOutcome (err: unknown): BreakerOutcome {
  if (err instanceof WhmcsApiError) return 'success'
  if (!(err instanceof WhmcsTransportError)) return 'neutral'
  switch (err.code) {
    case 'WHMCS_UNREACHABLE':
    case 'WHMCS_TIMEOUT':
    case 'WHMCS_CONNECTION_RESET':
    case 'WHMCS_DEADLINE':
      return 'failure'
    case 'WHMCS_HTTP_ERROR': {
      const status = err.httpStatus ?? 500
      return status >= 500 || status === 408 || status === 429 ? 'failure' : 'neutral'
    }
    default:
      return 'neutral'
  }
}
