// /activity-log's WHMCS side and schemas: the entries of WHMCS's activity log.
import { Type } from 'typebox'
import { defineMapping, f } from '../../src/whmcs/fields.js'
import { component, int32, listOf, LINE_MAX } from '../../src/schemas/common.js'
import { IP_MAX } from '../system/schemas.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetActivityLog: {
      params: {
        limitstart?: Int
        limitnum?: Int
        clientid?: Int
        /** In the installation's date format (WHMCS_DATE_FORMAT). */
        date?: string
        user?: string
        description?: string
        ipaddress?: string
      }
      result: Paged & { activity?: Loose }
    }
  }
}

export const activityFields = defineMapping({
  id: f.id('id', 'Entry id'),
  // Before WHMCS 8.0 the client id was answered as `userid`.
  clientId: f.ref('clientId', 'Client account the entry is about; null for none', { aliases: ['userid'] }),
  userId: f.ref('userId', 'User who acted; null for none'),
  adminId: f.ref('adminId', 'Admin who acted; null for none'),
  date: f.dateTime('date', 'When it happened, in WHMCS\'s local time'),
  description: f.text('description', 'What happened', { examples: ['Client Profile Modified - User ID: 5'] }),
  username: f.text('username', 'The admin username, or the email address of the client or user who acted', { maxLength: LINE_MAX, examples: ['admin'] }),
  ipAddress: f.text('ipaddress', 'The address the action came from; empty for the system', { maxLength: IP_MAX, examples: ['198.51.100.10'] })
})

export const ActivityLogEntry = component('ActivityLogEntry', Type.Object(activityFields.properties(Object.keys(activityFields.fields) as Array<keyof typeof activityFields.fields>), {
  description: 'An entry of WHMCS\'s activity log', additionalProperties: false
}))

export const ActivityLogList = listOf('ActivityLogList', ActivityLogEntry, 'A page of the activity log, newest first')

export const ActivityLogQuery = {
  clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only entries about this client account', examples: [5] })),
  date: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'Only entries of this day', examples: ['2026-11-28'] })),
  user: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Only entries by this admin username, or this client\'s or user\'s email address', examples: ['admin'] })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: LINE_MAX, description: 'Only entries whose description contains this text', examples: ['Profile Modified'] })),
  ipAddress: Type.Optional(Type.String({ minLength: 1, maxLength: IP_MAX, description: 'Only entries from this address', examples: ['198.51.100.10'] }))
}

// ---------------------------------------------------------------- emails
