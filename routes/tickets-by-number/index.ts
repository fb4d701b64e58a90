// /tickets-by-number: a support ticket found by the number clients see rather than by its id.
// A resource of its own, beside /tickets, so that no path of /tickets is ambiguous.
import { Type } from 'typebox'
import { itemRoute, resource } from '../../src/route/index.js'
import { ref } from '../../src/schemas/common.js'
import { RepliesOrderQuery, Ticket, readTicket, repliesSort } from '../tickets/schemas.js'

const group = 'Support'

export const routes = [
  itemRoute({
    method: 'GET',
    url: '/tickets-by-number/:ticketNumber',
    operationId: 'getTicketByNumber',
    summary: 'Get a support ticket by its number',
    description: 'Returns the ticket with this number, the one clients see in the client area and in email subjects (WHMCS\'s ticket mask, e.g. `ABC-123456`), in the same form as `GET /tickets/{id}`.',
    group,
    action: 'GetTicket',
    params: Type.Object({
      ticketNumber: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$', description: 'The ticket number', examples: ['KJD-482913'] })
    }, { additionalProperties: false }),
    query: RepliesOrderQuery,
    status: 200,
    response: ref(Ticket),
    responseDescription: 'The ticket',
    request: ({ params, query }) => ({ ticketnum: params.ticketNumber, repliessort: repliesSort(query.repliesOrder) }),
    map: readTicket
  })
]

export default resource({ routes })
