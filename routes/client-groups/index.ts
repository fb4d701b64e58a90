// /client-groups: the groups client accounts belong to (a client's `groupId`).
import { listQuery, listRoute, resource } from '../../src/route/index.js'
import { ClientGroupList, clientGroupFields } from './schemas.js'
import * as schemas from './schemas.js'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/client-groups',
    operationId: 'listClientGroups',
    summary: 'List client groups',
    description: 'Lists the client groups, with the discount and the billing rules each gives its clients. A client account names its group by `groupId`. WHMCS answers them all at once; the page is cut here.',
    group: 'Clients',
    action: 'GetClientGroups',
    query: listQuery({}),
    response: ClientGroupList,
    responseDescription: 'A page of client groups',
    request: () => ({}),
    rows: { key: 'groups', item: 'group', paging: 'local' },
    read: (g) => clientGroupFields.read(g)
  })
]

export default resource({ schemas, routes })
