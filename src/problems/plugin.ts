// The root error handler: every error becomes an application/problem+json answer. 5xx answers of
// our own never carry internal details; WHMCS failures are described by catalogue.ts.
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { HttpProblem, bounded, problem, whmcsProblem, type ProblemDetail, type ProblemCode } from './catalogue.js'
import { WhmcsError, WhmcsTransportError } from '../whmcs/errors.js'
import { IDEMPOTENCY_HEADER, keyRequired } from '../idempotency/key.js'

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_REQUEST',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND'
}

function validationProblem (err: FastifyError, request: FastifyRequest): ProblemDetail {
  const where = err.validationContext ?? 'request'
  // A declared route that requires the key says so in its header schema, which runs first.
  if (where === 'headers' && (err.validation ?? []).some((v) => (v.params as Record<string, unknown>).missingProperty === IDEMPOTENCY_HEADER)) {
    const refusal = keyRequired(request)
    return problem(refusal.code, refusal.detail)
  }
  const location = where === 'querystring' ? 'query' : where
  const errors = (err.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>
    const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : (typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '')
    const path = `${v.instancePath}${extra}`.replace(/^\//, '').replaceAll('/', '.')
    const message = typeof params.additionalProperty === 'string' ? 'is not a known property' : (v.message ?? 'is invalid')
    return { location: path === '' ? location : `${location}/${path}`, message }
  })
  return problem('INVALID_REQUEST', errors.map((e) => `${e.location} ${e.message}`).join('; '), errors)
}

export function toProblem (err: unknown, request: FastifyRequest): ProblemDetail {
  if (err instanceof HttpProblem) return problem(err.code, err.detail, err.errors)
  if (err instanceof WhmcsError) return whmcsProblem(err, request.routeOptions.config.failure)
  const fe = err as FastifyError
  if (fe.validation !== undefined) return validationProblem(fe, request)
  const mapped = fe.code !== undefined ? FASTIFY_CODES[fe.code] : undefined
  if (mapped !== undefined) return problem(mapped, mapped === 'ROUTE_NOT_FOUND' ? `${request.method} ${request.url.split('?')[0]} is not a route of this API` : fe.message)
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const p = problem('INVALID_REQUEST', fe.message)
    return { ...p, status: fe.statusCode, title: fe.name === 'Error' ? p.title : fe.message }
  }
  return problem('INTERNAL_ERROR', 'An internal error occurred; the request id identifies it in the service log.')
}

/** Seconds after which a retry makes sense, for errors that know it. */
function retryAfterSeconds (err: unknown): number | undefined {
  if (err instanceof WhmcsTransportError && err.retryAfterMs !== undefined) return Math.max(1, Math.ceil(err.retryAfterMs / 1000))
  return undefined
}

export function sendProblem (reply: FastifyReply, p: ProblemDetail): FastifyReply {
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ ...bounded(p), instance: String(reply.request.id) })
}

export default fp(async (fastify) => {
  fastify.setErrorHandler((err, request, reply) => {
    const p = toProblem(err, request)
    const retryAfter = retryAfterSeconds(err)
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
    if (p.code === 'INTERNAL_ERROR') {
      request.log.error({ err, code: p.code }, 'request failed')
    } else if (p.status >= 500) {
      // WHMCS's failures are logged by the client; one line here ties them to the request.
      request.log.warn({ code: p.code, status: p.status }, 'upstream problem')
    } else {
      request.log.info({ code: p.code, status: p.status }, 'request refused')
    }
    return sendProblem(reply, p)
  })
  fastify.setNotFoundHandler((request, reply) => {
    return sendProblem(reply, problem('ROUTE_NOT_FOUND', `${request.method} ${request.url.split('?')[0]} is not a route of this API`))
  })
}, { name: 'problems', fastify: '5.x' })
