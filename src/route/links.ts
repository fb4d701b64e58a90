// The RFC 8288 Link header of a list's page.
import type { FastifyRequest } from 'fastify'
import type { Page } from './define.js'

/** Builds the RFC 8288 Link header for a page, keeping the caller's other query parameters. */
export function linkHeader (request: FastifyRequest, page: Page, total: number): string | undefined {
  const base = request.url.split('?')[0]
  const query = new URLSearchParams(request.url.split('?')[1] ?? '')
  const link = (offset: number, rel: string): string => {
    query.set('offset', String(offset))
    query.set('limit', String(page.limit))
    return `<${base}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page.offset + page.limit < total) links.push(link(page.offset + page.limit, 'next'))
  if (page.offset > 0) links.push(link(Math.max(0, page.offset - page.limit), 'prev'))
  return links.length > 0 ? links.join(', ') : undefined
}
