import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

t.test('GetTickets answers WHMCS\'s shape: string ids and total, nested tickets.ticket', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetTickets', { clientid: '1' })
  t.match(body, { result: 'success', totalresults: '1', startnumber: 0, numreturned: 1 })
  t.match(pick(body, 'tickets.ticket.0'), {
    id: '1',
    tid: 'KJD-482913',
    deptid: '1',
    userid: '1',
    requestor_type: 'Owner',
    owner_name: 'Zoë Whitfield',
    attachment: '830142_bounce.txt',
    attachments: [{ filename: 'bounce.txt', index: 0 }],
    attachments_removed: false,
    flag: '0'
  })
  const none = await api(sb, 'GetTickets', { status: 'No Such Status' })
  t.equal(none.body.totalresults, '0')
})

t.test('GetTicket shows no attachments as [[]] and the opening message as reply 0', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetTicket', { ticketid: '1' })
  t.match(body, { result: 'success', ticketid: '1', deptname: 'Technical Support', contactid: '0' })
  const replies = pick(body, 'replies.reply') as Array<Record<string, unknown>>
  t.same(replies.map(r => r.replyid), ['0', '1', '2', '3'])
  t.same(replies[1].attachments, [[]])
  t.match(replies[1], { admin: 'Demo Admin', requestor_type: 'Operator', userid: '1', name: '', rating: '5' })
  t.match(replies[2], { name: '', requestor_name: 'Zoë Whitfield', requestor_type: 'Owner' })
  t.equal(replies[0].rating, undefined, 'the opening message has no rating')
  t.match(pick(body, 'notes.note.0'), { noteid: '1', attachments: [[]], admin: 'Demo Admin' })
  const byNumber = await api(sb, 'GetTicket', { ticketnum: 'kjd-482913', repliessort: 'DESC' })
  t.same((pick(byNumber.body, 'replies.reply') as Array<Record<string, unknown>>).map(r => r.replyid), ['3', '2', '1', '0'])
  t.same((await api(sb, 'GetTicket', {})).body, { result: 'error', message: 'Ticket ID Not Found' })
})

t.test('OpenTicket validates in WHMCS\'s order, with its messages', async t => {
  const sb = await start(t, { now: () => new Date('2025-06-01T12:00:00Z') })
  const base = { deptid: '1', subject: 's', message: 'm', clientid: '1' }
  const cases: Array<[Record<string, string>, string]> = [
    [{ ...base, deptid: '9' }, 'Department ID not found'],
    [{ ...base, clientid: '999' }, 'Client ID Not Found'],
    [{ ...base, userid: '2' }, 'The system cannot find the provided user ID.'],
    [{ ...base, contactid: '1' }, 'Contact ID Not Found'],
    [{ deptid: '1', subject: 's', message: 'm', name: 'A' }, 'Name and email address are required if not a client'],
    [{ deptid: '1', subject: 's', message: 'm', name: 'A', email: 'nope' }, 'Email Address Invalid'],
    [{ ...base, subject: '' }, 'Subject is required'],
    [{ ...base, message: '' }, 'Message is required'],
    [{ ...base, created: '01/02/2024' }, 'Invalid Date Format'],
    [{ ...base, created: '2025-06-01T14:00:00+01:00' }, 'Ticket creation date cannot be in the future']
  ]
  for (const [fields, message] of cases) t.same((await api(sb, 'OpenTicket', fields)).body, { result: 'error', message }, message)

  const opened = await api(sb, 'OpenTicket', { ...base, created: '2025-06-01T12:30:00+01:00', priority: 'urgent', serviceid: '3', attachments: 'not base64 json' })
  t.match(opened.body, { result: 'success', id: String, tid: /^[A-Z]{3}-\d{6}$/, c: /^[A-Za-z0-9]{8}$/ })
  const ticket = await api(sb, 'GetTicket', { ticketid: String(opened.body.id) })
  t.match(ticket.body, { date: '2025-06-01 11:30:00', priority: 'Low', service: 'S3', status: 'Open' })
  t.same(pick(ticket.body, 'replies.reply.0.attachments'), [[]], 'an unreadable attachments value attaches nothing')
})

t.test('UpdateTicket and AddTicketReply refuse bad values with WHMCS\'s messages', async t => {
  const sb = await start(t)
  t.same((await api(sb, 'UpdateTicket', { ticketid: '1', priority: 'Urgent' })).body,
    { result: 'error', message: 'Invalid Ticket Priority. Valid priorities are: Low,Medium,High' })
  t.same((await api(sb, 'UpdateTicket', { ticketid: '1', created: 'yesterday' })).body, { result: 'error', message: 'Invalid Date Format' })
  t.same((await api(sb, 'UpdateTicket', { ticketid: '1', status: 'closed', flag: '2', subject: '' })).body, { result: 'success', ticketid: '1' })
  t.match((await api(sb, 'GetTicket', { ticketid: '1' })).body, { status: 'Closed', flag: '2', subject: 'Mailbox stopped receiving mail' })
  t.same((await api(sb, 'AddTicketReply', { ticketid: '1', message: 'm', clientid: '2', contactid: '1' })).body, { result: 'error', message: 'Contact ID Not Found' })
  t.same((await api(sb, 'AddTicketReply', { ticketid: '1', message: 'm', name: 'N', email: 'bad' })).body, { result: 'error', message: 'Email Address Invalid' })
  t.same((await api(sb, 'AddTicketReply', { ticketid: '1', message: 'From the night shift', adminusername: 'nightbot' })).body, { result: 'success' })
  const replies = pick((await api(sb, 'GetTicket', { ticketid: '1' })).body, 'replies.reply') as Array<Record<string, unknown>>
  t.match(replies.at(-1), { admin: 'nightbot', message: 'From the night shift' }, 'an unknown admin username is shown as given')
})

t.test('GetSupportDepartments counts tickets and keeps to the API admin\'s departments', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetSupportDepartments')
  t.same(body, {
    result: 'success',
    totalresults: 3,
    departments: {
      department: [
        { id: '1', name: 'Technical Support', awaitingreply: '0', opentickets: '3' },
        { id: '2', name: 'Billing', awaitingreply: '1', opentickets: '1' },
        { id: '3', name: 'Sales', awaitingreply: '1', opentickets: '1' }
      ]
    }
  })
  t.equal((await api(sb, 'GetSupportDepartments', { ignore_dept_assignments: 'true' })).body.totalresults, 4)
})
