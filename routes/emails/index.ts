// /emails: sends a client an email, from one of WHMCS's templates or written by the caller.
import { emptyRoute, resource } from '../../src/route/index.js'
import { ref } from '../../src/schemas/common.js'
import { EmailSend } from './schemas.js'
import { phpSerializeBase64 } from '../../src/whmcs/encode.js'
import * as schemas from './schemas.js'

export const routes = [
  emptyRoute({
    method: 'POST',
    url: '/emails',
    operationId: 'sendEmail',
    summary: 'Send an email',
    description: 'Sends an email about a record (a client account, service, domain, invoice, ticket or affiliate): one of WHMCS\'s email templates by name, or a custom message of a given type. WHMCS sends it at once and records it in the client\'s email history. A few templates WHMCS sends only itself (order confirmation, password reset, quote delivery...) cannot be sent this way.',
    group: 'System',
    action: 'SendEmail',
    body: ref(EmailSend),
    responseDescription: 'The email was sent',
    problems: {
      404: 'No email template has this name',
      409: 'The email template is disabled, or a request with the same Idempotency-Key is still in progress',
      502: 'WHMCS could not send the email (it says so too when `relatedId` names no record of the template\'s type), failed, or gave an unusable answer'
    },
    request: ({ body }) => ({
      messagename: body.messageName,
      id: body.relatedId,
      customtype: body.customType,
      customsubject: body.customSubject,
      custommessage: body.customMessage,
      // WHMCS takes its variables as base64 of a PHP-serialized array, like custom fields.
      customvars: body.customVars === undefined ? undefined : phpSerializeBase64(body.customVars)
    })
  })
]

export default resource({ schemas, routes })
