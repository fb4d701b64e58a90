// /client-groups' WHMCS side and schemas: the groups client accounts are sorted into, with the
// discount and billing rules each gives its members.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { component, listOf } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetClientGroups: {
      params: Record<string, never>
      result: { totalresults?: Loose, groups?: Loose }
    }
  }
}

export const clientGroupFields = defineMapping({
  id: f.id('id', 'Client group id'),
  groupName: f.text('groupname', 'Name', { examples: ['Resellers'] }),
  groupColour: f.text('groupcolour', 'The colour WHMCS\'s admin area shows the group\'s clients in, as a CSS hex colour', { examples: ['#8fd3fe'] }),
  discountPercent: f.money('discountpercent', 'The discount the group\'s clients get on orders, in percent', { examples: ['15.00'] }),
  // WHMCS answers these two as "on" or "".
  suspTermExempt: f.bool('susptermexempt', 'Whether the group\'s services are left out of automatic suspension and termination'),
  separateInvoices: f.bool('separateinvoices', 'Whether each of the group\'s services is invoiced separately')
})

export const ClientGroup = component('ClientGroup', Type.Object(
  clientGroupFields.properties(['id', 'groupName', 'groupColour', 'discountPercent', 'suspTermExempt', 'separateInvoices']),
  { description: 'A client group', additionalProperties: false }))

export const ClientGroupList = listOf('ClientGroupList', ClientGroup, 'A page of client groups')
