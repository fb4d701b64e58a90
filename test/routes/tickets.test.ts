import t from 'tap'
import { decodeSerializedFields } from '../../src/sandbox/protocol/php.js'
import { build } from '../support/helper.js'

type Json = Record<string, any>
interface Page { data: Json[], meta: { total: number, offset: number, limit: number } }

const MiB = 1024 * 1024
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')
/** A file of `bytes` bytes, base64-encoded. */
const fileOf = (bytes: number): string => Buffer.alloc(Math.floor(bytes), 0x61).toString('base64')

/** Decodes an `attachments` form field the way WHMCS does: base64 → JSON → [{ name, data }]. */
function sentAttachments (field: string | undefined): Array<{ name: string, content: string }> {
  const list = JSON.parse(Buffer.from(String(field), 'base64').toString('utf8')) as Array<{ name: string, data: string }>
  return list.map((a) => ({ name: a.name, content: Buffer.from(a.data, 'base64').toString('utf8') }))
}

const open = { departmentId: 1, clientId: 1, subject: 'Cannot log in', message: 'Hello, my password reset email never arrives.' }

t.test('GET /tickets', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers a page of typed tickets, most recently active first', async (t) => {
    const res = await app.inject('/tickets')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.ok(page.data.length > 0)
    t.equal(page.meta.total, page.data.length)
    const first = page.data[0]
    t.match(first, {
      id: Number,
      ticketNumber: /^[A-Z]{3}-\d{6}$/,
      departmentId: Number,
      date: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/,
      priority: /^(Low|Medium|High)$/,
      attachments: Array,
      attachmentsRemoved: Boolean
    })
    const dates = page.data.map((x) => String(x.lastReply))
    t.same(dates, [...dates].sort().reverse())
    t.notOk(page.data.some((x) => x.departmentId === 4), 'a department the API user is not in is left out')
  })

  t.test('sends the filters under WHMCS\'s names', async (t) => {
    const res = await app.inject('/tickets?limit=5&offset=0&departmentId=1&clientId=1&status=Answered&subject=mail')
    t.equal(res.statusCode, 200)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetTickets', limitnum: '5', limitstart: '0', deptid: '1', clientid: '1', status: 'Answered', subject: 'mail' })
    t.notOk('ignore_dept_assignments' in (sandbox.calls.at(-1)?.fields ?? {}), 'not sent unless asked')
    const page = res.json<Page>()
    t.equal(page.data.length, 1)
    t.match(page.data[0], { clientId: 1, status: 'Answered', subject: 'Mailbox stopped receiving mail', attachments: [{ index: 0, fileName: 'bounce.txt' }] })
  })

  t.test('reads a guest\'s ticket, a related domain and a flag', async (t) => {
    const guest = (await app.inject('/tickets?email=kim.lee@example.org')).json<Page>()
    t.match(guest.data, [{ clientId: null, name: 'Kim Lee', requestorType: 'Guest', attachments: [], serviceId: null, domainId: null }])
    const all = (await app.inject('/tickets?limit=250')).json<Page>()
    t.match(all.data.find((x) => x.id === 5), { domainId: 2, serviceId: null, flaggedAdminId: null })
    t.match(all.data.find((x) => x.id === 6), { serviceId: 4, domainId: null, flaggedAdminId: 2 })
  })

  t.test('status groups and every department on request', async (t) => {
    const awaiting = (await app.inject('/tickets?status=Awaiting%20Reply')).json<Page>()
    t.ok(awaiting.data.length > 0)
    t.ok(awaiting.data.every((x) => ['Open', 'Customer-Reply'].includes(x.status)))
    const flagged = (await app.inject('/tickets?status=My%20Flagged%20Tickets')).json<Page>()
    t.ok(flagged.data.every((x) => x.flaggedAdminId === 1))
    const all = (await app.inject('/tickets?ignoreDepartmentAssignments=true&limit=250')).json<Page>()
    t.equal(sandbox.calls.at(-1)?.fields.ignore_dept_assignments, '1')
    t.ok(all.data.some((x) => x.departmentId === 4))
  })

  t.test('rejects bad filters with a 400 problem', async (t) => {
    for (const q of ['departmentId=0', 'email=not-an-email', 'status=', 'limit=500', 'colour=red']) {
      const res = await app.inject(`/tickets?${q}`)
      t.equal(res.statusCode, 400, q)
      t.match(res.json(), { code: 'INVALID_REQUEST' })
    }
  })
})

t.test('GET /tickets/{id} and /tickets-by-number/{ticketNumber}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers the conversation as arrays, with typed authors and empty attachment lists', async (t) => {
    const res = await app.inject('/tickets/1')
    t.equal(res.statusCode, 200)
    const ticket = res.json<Json>()
    t.match(ticket, {
      id: 1,
      ticketNumber: 'KJD-482913',
      accessCode: 'Qm7vT2xa',
      departmentId: 1,
      departmentName: 'Technical Support',
      clientId: 1,
      contactId: null,
      status: 'Answered',
      priority: 'High'
    })
    t.same(ticket.replies.map((r: Json) => [r.id, r.authorType, r.name]), [
      [0, 'client', 'Zoë Whitfield'],
      [1, 'admin', 'Demo Admin'],
      [2, 'client', 'Zoë Whitfield'],
      [3, 'admin', 'Jamie Okafor']
    ])
    t.same(ticket.replies[0].attachments, [{ index: 0, fileName: 'bounce.txt' }])
    t.same(ticket.replies[1].attachments, [], '[[]] becomes []')
    t.match(ticket.replies[1], { clientId: null, email: '', rating: 5 })
    t.same(ticket.notes.map((n: Json) => [n.id, n.adminName, n.attachments]), [[1, 'Demo Admin', []]])
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetTicket', ticketid: '1', repliessort: 'ASC' })
  })

  t.test('types contacts and guests too', async (t) => {
    const contact = (await app.inject('/tickets/3')).json<Json>()
    t.match(contact.replies[0], { authorType: 'contact', clientId: 5, contactId: 1, name: 'Harriet Smith', email: 'accounts@smithandsons.example' })
    t.same(contact.replies[1].attachments, [{ index: 0, fileName: 'letterhead.pdf' }])
    const guest = (await app.inject('/tickets/2')).json<Json>()
    t.match(guest.replies, [{ authorType: 'guest', clientId: null, name: 'Kim Lee', email: 'kim.lee@example.org' }])
    t.same(guest.notes, [])
  })

  t.test('orders the conversation newest first on request', async (t) => {
    const ticket = (await app.inject('/tickets/1?repliesOrder=desc')).json<Json>()
    t.same(ticket.replies.map((r: Json) => r.id), [3, 2, 1, 0])
    t.equal(sandbox.calls.at(-1)?.fields.repliessort, 'DESC')
  })

  t.test('finds a ticket by its number', async (t) => {
    const byNumber = await app.inject('/tickets-by-number/KJD-482913')
    t.equal(byNumber.statusCode, 200)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetTicket', ticketnum: 'KJD-482913' })
    t.same(byNumber.json(), (await app.inject('/tickets/1')).json())
  })

  t.test('a ticket that does not exist is a 404 problem', async (t) => {
    for (const url of ['/tickets/9999', '/tickets-by-number/NOP-000000']) {
      const res = await app.inject(url)
      t.equal(res.statusCode, 404, url)
      t.match(res.json(), { code: 'NOT_FOUND', detail: 'Ticket ID Not Found' })
    }
    t.equal((await app.inject('/tickets-by-number/bad%20number')).statusCode, 400)
  })

  t.test('list shapes and escaping WHMCS varies read the same', async (t) => {
    const plain = (await app.inject('/tickets/3')).json()
    for (const kind of ['numeric-strings', 'numeric-keys', 'single-object', 'html-escaped'] as const) {
      sandbox.quirks.set('GetTicket', { kind })
      t.same((await app.inject('/tickets/3')).json(), plain, kind)
    }
    sandbox.quirks.clear()
  })
})

t.test('POST /tickets', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('opens a ticket for a client: 201, Location and its number', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/tickets', payload: { ...open, priority: 'High', customFields: [{ id: 3, value: 'Paris & Zoë' }] } })
    t.equal(res.statusCode, 201)
    const created = res.json<Json>()
    t.match(created, { id: Number, ticketNumber: /^[A-Z]{3}-\d{6}$/, accessCode: /^[A-Za-z0-9]{8}$/ })
    t.equal(res.headers.location, `/tickets/${String(created.id)}`)
    const fields = sandbox.calls.at(-1)?.fields ?? {}
    t.match(fields, { action: 'OpenTicket', deptid: '1', clientid: '1', subject: open.subject, priority: 'High' })
    t.same(Object.fromEntries(decodeSerializedFields(fields.customfields) ?? []), { 3: 'Paris & Zoë' }, 'custom fields as base64 of a PHP-serialized array')
    const ticket = (await app.inject(String(res.headers.location))).json<Json>()
    t.match(ticket, { ticketNumber: created.ticketNumber, status: 'Open', priority: 'High', clientId: 1, requestorType: 'Owner' })
    t.match(ticket.replies, [{ id: 0, authorType: 'client', message: open.message, attachments: [] }])
  })

  t.test('opens one for someone without an account, with a date in the past', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/tickets',
      payload: { departmentId: 3, name: 'Ana Sousa', email: 'ana@example.pt', subject: 'Quote', message: 'Prices?', created: '2024-01-02T03:04:05', noEmail: true }
    })
    t.equal(res.statusCode, 201)
    t.match(sandbox.calls.at(-1)?.fields, { created: '2024-01-02 03:04:05', noemail: '1' })
    const ticket = (await app.inject(String(res.headers.location))).json<Json>()
    t.match(ticket, { clientId: null, name: 'Ana Sousa', date: '2024-01-02T03:04:05', priority: 'Low' })
    t.match(ticket.replies, [{ authorType: 'guest', email: 'ana@example.pt' }])
  })

  t.test('WHMCS\'s refusals become 404 and 422 problems', async (t) => {
    const cases: Array<[Json, number, string]> = [
      [{ ...open, departmentId: 99 }, 404, 'Department ID not found'],
      [{ ...open, clientId: 9999 }, 404, 'Client ID Not Found'],
      [{ ...open, contactId: 2 }, 404, 'Contact ID Not Found'],
      [{ ...open, userId: 33 }, 404, 'The system cannot find the provided user ID.'],
      [{ departmentId: 1, subject: 's', message: 'm' }, 422, 'Name and email address are required if not a client'],
      [{ ...open, subject: ' ' }, 422, 'Subject is required'],
      [{ ...open, created: '2999-01-01T00:00:00' }, 422, 'Ticket creation date cannot be in the future'],
      [{ ...open, created: '2024-02-30T00:00:00' }, 422, 'Invalid Date Format']
    ]
    for (const [payload, status, detail] of cases) {
      const res = await app.inject({ method: 'POST', url: '/tickets', payload })
      t.equal(res.statusCode, status, detail)
      t.match(res.json(), { status, detail })
    }
  })

  t.test('rejects a body that does not match the schema', async (t) => {
    for (const payload of [{ ...open, subject: undefined }, { ...open, priority: 'Urgent' }, { ...open, extra: 1 }, { ...open, created: '2024-01-01' }]) {
      const res = await app.inject({ method: 'POST', url: '/tickets', payload })
      t.equal(res.statusCode, 400)
    }
  })
})

t.test('attachments', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('are sent as base64 of a JSON list of { name, data }, and listed on the message', async (t) => {
    const files = [{ name: 'notes & ideas.txt', contentBase64: b64('Zoë\'s notes ✓') }, { name: 'log.txt', contentBase64: b64('line 1\nline 2\n') }]
    const res = await app.inject({ method: 'POST', url: '/tickets', payload: { ...open, attachments: files } })
    t.equal(res.statusCode, 201)
    const field = sandbox.calls.at(-1)?.fields.attachments
    t.same(sentAttachments(field), [{ name: 'notes & ideas.txt', content: 'Zoë\'s notes ✓' }, { name: 'log.txt', content: 'line 1\nline 2\n' }])
    const ticket = (await app.inject(String(res.headers.location))).json<Json>()
    t.same(ticket.replies[0].attachments, [{ index: 0, fileName: 'notes & ideas.txt' }, { index: 1, fileName: 'log.txt' }])
  })

  t.test('up to the caps: two files of 2 MiB reach WHMCS whole', async (t) => {
    const file = fileOf(2 * MiB)
    const res = await app.inject({ method: 'POST', url: '/tickets/2/replies', payload: { message: 'Logs attached', adminUsername: 'admin', attachments: [{ name: 'a.log', contentBase64: file }, { name: 'b.log', contentBase64: file }] } })
    t.equal(res.statusCode, 201)
    const sent = JSON.parse(Buffer.from(String(sandbox.calls.at(-1)?.fields.attachments), 'base64').toString('utf8')) as Array<{ data: string }>
    t.same(sent.map((a) => Buffer.from(a.data, 'base64').length), [2 * MiB, 2 * MiB])
  })

  t.test('past a cap: 413 without calling WHMCS', async (t) => {
    const before = sandbox.calls.length
    const big = await app.inject({ method: 'POST', url: '/tickets', payload: { ...open, attachments: [{ name: 'big.bin', contentBase64: fileOf(2 * MiB + 1) }] } })
    t.equal(big.statusCode, 413)
    t.match(big.json(), { code: 'PAYLOAD_TOO_LARGE', detail: /big\.bin/ })
    const many = await app.inject({ method: 'POST', url: '/tickets/1/replies', payload: { message: 'm', clientId: 1, attachments: [1, 2, 3].map((i) => ({ name: `${i}.bin`, contentBase64: fileOf(1.4 * MiB) })) } })
    t.equal(many.statusCode, 413)
    t.match(many.json(), { code: 'PAYLOAD_TOO_LARGE', detail: /at most 4194304/ })
    const huge = await app.inject({ method: 'POST', url: '/tickets', payload: { ...open, attachments: [{ name: 'huge.bin', contentBase64: fileOf(5 * MiB) }] } })
    t.equal(huge.statusCode, 413, 'a body past the route\'s limit')
    t.equal(sandbox.calls.length, before, 'WHMCS was not called')
  })

  t.test('content that is not base64, or a path as a name, is a 400', async (t) => {
    for (const file of [{ name: 'a.txt', contentBase64: 'not base64!' }, { name: 'a.txt', contentBase64: 'abc' }, { name: '../etc/passwd', contentBase64: b64('x') }]) {
      const res = await app.inject({ method: 'POST', url: '/tickets', payload: { ...open, attachments: [file] } })
      t.equal(res.statusCode, 400, JSON.stringify(file))
    }
  })
})

t.test('PATCH and DELETE /tickets/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('changes the given fields only, and flags and unflags', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/tickets/2', payload: { status: 'In Progress', priority: 'High', flaggedAdminId: 3, cc: 'boss@example.org' } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateTicket', ticketid: '2', status: 'In Progress', priority: 'High', flag: '3' })
    t.match((await app.inject('/tickets/2')).json(), { status: 'In Progress', priority: 'High', flaggedAdminId: 3, cc: 'boss@example.org', subject: 'Pre-sales: VPS plans & "managed" backups' })
    await app.inject({ method: 'PATCH', url: '/tickets/2', payload: { flaggedAdminId: null, departmentId: 1, clientId: 7 } })
    t.match(sandbox.calls.at(-1)?.fields, { removeFlag: '1', deptid: '1', userid: '7' })
    t.match((await app.inject('/tickets/2')).json(), { flaggedAdminId: null, departmentId: 1, clientId: 7 })
  })

  t.test('WHMCS\'s refusals name the valid values', async (t) => {
    const status = await app.inject({ method: 'PATCH', url: '/tickets/2', payload: { status: 'Snoozed' } })
    t.equal(status.statusCode, 422)
    t.match(status.json(), { code: 'INVALID_INPUT', detail: 'Invalid Ticket Status. Valid statuses are: Open,Answered,Customer-Reply,Closed,On Hold,In Progress' })
    const future = await app.inject({ method: 'PATCH', url: '/tickets/2', payload: { created: '2999-01-01T00:00:00' } })
    t.match(future.json(), { status: 422, detail: 'Ticket creation date cannot be in the future' })
    const dept = await app.inject({ method: 'PATCH', url: '/tickets/2', payload: { departmentId: 42 } })
    t.match(dept.json(), { status: 404, detail: 'Department ID Not Found' })
    const missing = await app.inject({ method: 'PATCH', url: '/tickets/999', payload: { status: 'Closed' } })
    t.match(missing.json(), { status: 404, detail: 'Ticket ID Not Found' })
    t.equal((await app.inject({ method: 'PATCH', url: '/tickets/2', payload: {} })).statusCode, 400, 'an empty change is refused')
  })

  t.test('deletes a ticket, then it is gone', async (t) => {
    t.equal((await app.inject({ method: 'DELETE', url: '/tickets/4' })).statusCode, 204)
    t.equal((await app.inject('/tickets/4')).statusCode, 404)
    const again = await app.inject({ method: 'DELETE', url: '/tickets/4' })
    t.match(again.json(), { status: 404, detail: 'Ticket ID not found' })
  })
})

t.test('a ticket conversation, round trip', async (t) => {
  const { app, sandbox } = await build(t)
  const opened = await app.inject({ method: 'POST', url: '/tickets', payload: { departmentId: 2, clientId: 5, contactId: 1, subject: 'VAT number on invoices', message: 'Please add our VAT number.' } })
  t.equal(opened.statusCode, 201)
  const url = String(opened.headers.location)
  const reply = async (payload: Json): Promise<void> => {
    const res = await app.inject({ method: 'POST', url: `${url}/replies`, payload })
    t.equal(res.statusCode, 201)
    t.equal(res.headers.location, url)
    t.same(res.json(), { ticketId: Number(url.split('/').pop()) })
  }

  await reply({ message: 'Which number should we use?', adminUsername: 'jamie' })
  t.match((await app.inject(url)).json(), { status: 'Answered' })
  await reply({ message: 'GB123456789, see the letter.', clientId: 5, attachments: [{ name: 'letter.pdf', contentBase64: b64('%PDF-1.4') }] })
  t.match((await app.inject(url)).json(), { status: 'Customer-Reply' })
  await reply({ message: 'I am their accountant: confirmed.', name: 'Pat Accountant', email: 'pat@accounts.example', status: 'Open', markdown: true })
  await reply({ message: 'Done, closing.', adminUsername: 'admin', status: 'Closed', created: '2024-05-01T12:00:00', noEmail: true })
  t.match(sandbox.calls.at(-1)?.fields, { action: 'AddTicketReply', adminusername: 'admin', status: 'Closed', created: '2024-05-01 12:00:00', noemail: '1' })

  const ticket = (await app.inject(url)).json<Json>()
  t.equal(ticket.status, 'Closed')
  t.same(ticket.replies.map((r: Json) => [r.authorType, r.name, r.attachments.map((a: Json) => a.fileName)]), [
    ['contact', 'Harriet Smith', []],
    ['admin', 'Jamie Okafor', []],
    ['client', 'Margaret Smith', ['letter.pdf']],
    ['guest', 'Pat Accountant', []],
    ['admin', 'Demo Admin', []]
  ])
  t.equal(ticket.replies[4].date, '2024-05-01T12:00:00')
  const listed = (await app.inject('/tickets?clientId=5&status=Closed')).json<Page>()
  t.ok(listed.data.some((x) => `/tickets/${String(x.id)}` === url))

  t.test('a reply WHMCS refuses is a 404 or 422 problem', async (t) => {
    const cases: Array<[string, Json, number, string]> = [
      ['/tickets/999/replies', { message: 'm', clientId: 1 }, 404, 'Ticket ID not found'],
      [`${url}/replies`, { message: 'm', clientId: 9999 }, 404, 'Client ID Not Found'],
      [`${url}/replies`, { message: 'm' }, 422, 'Name and email address are required if not a client'],
      [`${url}/replies`, { message: 'm', clientId: 5, status: 'Snoozed' }, 422, 'Invalid Ticket Status'],
      [`${url}/replies`, { message: ' ', clientId: 5 }, 422, 'Message is required'],
      [`${url}/replies`, { message: 'm', clientId: 5, created: '2999-12-31T00:00:00' }, 422, 'Reply creation date cannot be in the future']
    ]
    for (const [target, payload, status, detail] of cases) {
      const res = await app.inject({ method: 'POST', url: target, payload })
      t.equal(res.statusCode, status, detail)
      t.match(res.json(), { detail })
    }
  })
})

t.test('GET /support-departments', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers the departments with their ticket counts', async (t) => {
    const res = await app.inject('/support-departments')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.same(page.data.map((d) => d.name), ['Technical Support', 'Billing', 'Sales'])
    t.match(page.data[0], { id: 1, awaitingReply: Number, openTickets: 3 })
    t.same(page.meta, { total: 3, offset: 0, limit: 25 })
  })

  t.test('pages locally, since WHMCS answers them all', async (t) => {
    const res = await app.inject('/support-departments?limit=1&offset=1')
    t.same(res.json<Page>().data.map((d) => d.id), [2])
    t.equal(res.headers.link, '</support-departments?limit=1&offset=2>; rel="next", </support-departments?limit=1&offset=0>; rel="prev"')
  })

  t.test('every department on request', async (t) => {
    const page = (await app.inject('/support-departments?ignoreDepartmentAssignments=true')).json<Page>()
    t.equal(page.meta.total, 4)
    t.equal(sandbox.calls.at(-1)?.fields.ignore_dept_assignments, '1')
  })
})

t.test('XML answers read the same as JSON ones, but for line ends', async (t) => {
  const json = await build(t)
  const xml = await build(t, { whmcs: { responseType: 'xml' } })
  for (const url of ['/tickets/1', '/tickets/3', '/tickets?limit=250&ignoreDepartmentAssignments=true', '/support-departments']) {
    const [a, b] = await Promise.all([json.app.inject(url), xml.app.inject(url)])
    t.equal(b.statusCode, 200, url)
    // XML parsers turn CR LF into LF (XML 1.0, 2.11), so ticket messages lose their CRs.
    t.same(b.json(), JSON.parse(a.body.replaceAll('\\r\\n', '\\n')), url)
  }
  t.equal(xml.sandbox.calls.at(-1)?.responsetype, 'xml')
})
