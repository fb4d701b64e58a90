// Stricter request budgets for single routes, on top of every key's own (RATE_LIMIT_PER_MINUTE):
// login validation is limited per email address and per key so the service cannot be used to
// stuff credentials into WHMCS. They are counted by @fastify/rate-limit, in the same store as the
// main limit, and used as a route's guard.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type {} from '@fastify/rate-limit'
import { HttpProblem } from '../problems/catalogue.js'

export interface Budget {
  /** Names the budget's counters, kept apart from every other budget's. */
  name: string
  /** Requests allowed per window. */
  max: number
  windowMs: number
  /** What a request is counted against (an email address, an API key); hash what is personal. */
  key: (request: FastifyRequest) => string
  /** The refusal's detail, given the budget and the seconds until it renews. */
  refusal: (max: number, seconds: number) => string
}

/**
 * A guard counting each request against every budget, then refusing with 429 RATE_LIMITED and
 * Retry-After when any of them is spent.
 */
export function budgetGuard (fastify: FastifyInstance, budgets: readonly Budget[]) {
  const limiters = budgets.map((budget) => ({
    budget,
    count: fastify.createRateLimit({
      max: budget.max,
      timeWindow: budget.windowMs,
      keyGenerator: (request) => `${budget.name}:${budget.key(request)}`
    })
  }))
  return async (_input: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const results = await Promise.all(limiters.map(async ({ budget, count }) => ({ budget, result: await count(request) })))
    for (const { budget, result } of results) {
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds))
        throw new HttpProblem('RATE_LIMITED', budget.refusal(result.max, result.ttlInSeconds))
      }
    }
  }
}
