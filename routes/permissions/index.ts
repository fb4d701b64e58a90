// /permissions: what a user may be allowed to do for a client account.
import { listQuery, listRoute, resource } from '../../src/route/index.js'
import { UserPermissionList } from '../users/schemas.js'
import { toText } from '../../src/whmcs/normalize.js'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/permissions',
    operationId: 'listPermissions',
    summary: 'List user permissions',
    description: 'Lists the permissions a user can hold on a client account, as invitations and `PUT /users/{id}/clients/{clientId}/permissions` take them.',
    group: 'Users',
    action: 'GetPermissionsList',
    cache: true,
    query: listQuery({}),
    response: UserPermissionList,
    responseDescription: 'A page of permissions',
    request: () => ({}),
    // WHMCS answers the whole list; the page is cut here.
    rows: { key: 'permissions', item: 'permission', paging: 'local' },
    read: (name) => ({ name: toText(name) })
  })
]

export default resource({ routes })
