// /support-departments: the departments tickets are filed under.
import { Type } from 'typebox'
import { listQuery, listRoute, resource } from '../../src/route/index.js'
import { SupportDepartmentList, departmentFields } from './schemas.js'
import * as schemas from './schemas.js'

export const routes = [
  listRoute({
    method: 'GET',
    url: '/support-departments',
    operationId: 'listSupportDepartments',
    summary: 'List support departments',
    description: 'Lists the support departments with how many of their tickets are open and awaiting a staff reply. WHMCS answers them all at once; the page is cut here. Unless `ignoreDepartmentAssignments` is true, WHMCS lists only the departments its API user is assigned to.',
    group: 'Support',
    action: 'GetSupportDepartments',
    query: listQuery({
      ignoreDepartmentAssignments: Type.Optional(Type.Boolean({ default: false, description: 'List every department, not only those WHMCS\'s API user is assigned to' }))
    }),
    response: SupportDepartmentList,
    responseDescription: 'A page of support departments',
    request: ({ query }) => ({ ignore_dept_assignments: query.ignoreDepartmentAssignments === true ? true : undefined }),
    rows: { key: 'departments', item: 'department', paging: 'local' },
    read: (d) => departmentFields.read(d)
  })
]

export default resource({ schemas, routes })
