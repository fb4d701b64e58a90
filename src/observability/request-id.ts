// Request ids: the caller's `x-request-id` when it is a sane token, else one of our own. The id
// is logged with every line of the request and sent back as a problem's `instance`, so a caller
// cannot make it arbitrarily long or put spaces or control characters in it.
import type { IncomingMessage } from 'node:http'

/** The longest request id accepted from a caller (the OpenAPI Problem schema declares it too). */
export const REQUEST_ID_MAX_LENGTH = 128

const ACCEPTED = new RegExp(`^[\\x21-\\x7E]{1,${REQUEST_ID_MAX_LENGTH}}$`)

let next = 0

/** Fastify's `genReqId`: honours a valid `x-request-id`, otherwise numbers requests (`req-1`, ...). */
export function requestId (req: IncomingMessage): string {
  const header = req.headers['x-request-id']
  if (typeof header === 'string' && ACCEPTED.test(header)) return header
  next = (next + 1) % Number.MAX_SAFE_INTEGER
  return `req-${next.toString(36)}`
}
