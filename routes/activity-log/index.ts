// /activity-log: WHMCS's log of what admins, clients, users and the system did.
import type { WhmcsDateFormat } from '../../src/config.js'
import { listQuery, listRoute, resource, type AnyRoute } from '../../src/route/index.js'
import { ActivityLogList, ActivityLogQuery, activityFields } from './schemas.js'
import { whmcsDate } from '../../src/whmcs/encode.js'
import * as schemas from './schemas.js'

export interface ActivityLogRoutesOptions {
  /** The installation's date format (WHMCS_DATE_FORMAT), in which WHMCS reads the `date` filter. */
  dateFormat: WhmcsDateFormat
}

export function routes (opts: ActivityLogRoutesOptions): AnyRoute[] {
  return [
    listRoute({
      method: 'GET',
      url: '/activity-log',
      operationId: 'listActivityLog',
      summary: 'List the activity log',
      description: 'Pages through WHMCS\'s activity log, newest first, optionally only the entries of a client account, a day, a user, an address or with a text in their description.',
      group: 'System',
      action: 'GetActivityLog',
      query: listQuery(ActivityLogQuery),
      response: ActivityLogList,
      responseDescription: 'A page of the activity log',
      request: ({ query }) => ({
        clientid: query.clientId,
        // WHMCS reads this date in the installation's own format.
        date: query.date === undefined ? undefined : whmcsDate(query.date, opts.dateFormat),
        user: query.user,
        description: query.description,
        ipaddress: query.ipAddress
      }),
      rows: { key: 'activity', item: 'entry', paging: 'whmcs' },
      read: (e) => activityFields.read(e)
    })
  ]
}

export default resource({ schemas, routes: ({ settings }) => routes({ dateFormat: settings.whmcsDateFormat }) })
