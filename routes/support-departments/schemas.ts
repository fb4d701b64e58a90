// /support-departments' WHMCS side and schemas: departments with their ticket counts.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { component, listOf } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetSupportDepartments: {
      params: { ignore_dept_assignments?: Flag }
      result: { totalresults?: Loose, departments?: Loose }
    }
  }
}

export const departmentFields = defineMapping({
  id: f.id('id', 'Department id'),
  name: f.text('name', 'Name', { examples: ['Technical Support'] }),
  awaitingReply: f.count('awaitingreply', 'Tickets waiting for a staff reply'),
  openTickets: f.count('opentickets', 'Tickets not closed')
})

export const SupportDepartment = component('SupportDepartment', Type.Object(
  departmentFields.properties(['id', 'name', 'awaitingReply', 'openTickets']),
  { description: 'A support department and its ticket counts', additionalProperties: false }))

export const SupportDepartmentList = listOf('SupportDepartmentList', SupportDepartment, 'A page of support departments')
