import t from 'tap'
import { fixedWhmcs } from '../support/fixtures.js'
import { build } from '../support/helper.js'

type Json = Record<string, any>
interface Page { data: Json[], meta: { total: number } }

t.test('GET /projects', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers a page of typed projects from WHMCS\'s bare `projects` list', async (t) => {
    const res = await app.inject('/projects')
    t.equal(res.statusCode, 200)
    const page = res.json<Page>()
    t.equal(page.meta.total, 3)
    t.same(page.data[0], {
      id: 1,
      clientId: 1,
      title: 'Mail platform upgrade',
      ticketIds: [1],
      invoiceIds: [],
      notes: 'Phase 1: mailboxes.',
      adminId: 1,
      status: 'In Progress',
      created: '2024-02-13',
      dueDate: '2024-04-30',
      completed: false,
      lastModified: '2024-03-02T13:59:01'
    })
    t.match(page.data[1], { clientId: null, ticketIds: [] })
    t.same(page.data[2].invoiceIds, [7, 9])
  })

  t.test('filters under WHMCS\'s names', async (t) => {
    const page = (await app.inject('/projects?clientId=5&completed=true&adminId=3&status=Completed&title=Smith%20%26%20Sons%20website')).json<Page>()
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetProjects', userid: '5', completed: '1', adminid: '3', status: 'Completed', title: 'Smith & Sons website' })
    t.same(page.data.map((p) => p.id), [3])
    const open = (await app.inject('/projects?completed=false&limit=1')).json<Page>()
    t.equal(open.meta.total, 2)
    t.equal(open.data.length, 1)
  })
})

t.test('GET /projects/{id}', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('answers the project with its tasks, time logs and messages, typed', async (t) => {
    const res = await app.inject('/projects/1')
    t.equal(res.statusCode, 200)
    const project = res.json<Json>()
    t.match(project, { id: 1, title: 'Mail platform upgrade', lastModified: '2024-03-02T13:59:01', ticketIds: [1] })
    t.same(project.tasks.map((x: Json) => [x.id, x.title, x.order, x.dueDate, x.adminId]), [
      [1, 'Audit mailbox quotas', 1, '2024-02-20', 1],
      [2, 'Migrate to the new cluster', 2, null, null]
    ])
    t.same(project.tasks[0].timeLogs, [
      { id: 1, adminId: 1, start: '2024-02-14T09:00:00', end: '2024-02-14T10:30:00', doNotBill: false },
      { id: 2, adminId: 2, start: '2024-02-15T14:00:00', end: '2024-02-15T14:45:00', doNotBill: true }
    ])
    t.same(project.tasks[1].timeLogs, [], 'an empty time log list ("") is []')
    t.same(project.messages, [{ id: 1, date: '2024-02-13T11:00:00', message: 'Kick-off done; client informed.', adminId: 1 }])
    t.match(sandbox.calls.at(-1)?.fields, { action: 'GetProject', projectid: '1' })
  })

  t.test('a project without tasks or messages has empty lists', async (t) => {
    const project = (await app.inject('/projects/2')).json<Json>()
    t.same([project.tasks, project.messages], [[], []])
  })

  t.test('a project that does not exist is a 404 problem', async (t) => {
    const res = await app.inject('/projects/99')
    t.equal(res.statusCode, 404)
    t.match(res.json(), { code: 'NOT_FOUND', detail: 'Project ID Not Found' })
  })
})

t.test('GET /projects/{id} against WHMCS\'s documented, damaged answer', async (t) => {
  // The shape of WHMCS's documented GetProject example: NVP text pasted as JSON, keys with stray
  // spaces, ">" where values were lost, no `result`.
  const flattened = {
    'projectinfo[id]': '4',
    'projectinfo[title]': 'Docs project',
    'projectinfo[notes] ': '>',
    'projectinfo[lastmodified]': '2016-1-02 13:59:01',
    'tasks[task][0][id]': '1',
    'tasks[task][0][task]': 'First'
  }

  t.test('flattened keys: a clear 502, not a half-read project', async (t) => {
    const { app } = await build(t, { whmcs: { url: await fixedWhmcs(t, flattened) } })
    const res = await app.inject('/projects/4')
    t.equal(res.statusCode, 502)
    t.match(res.json(), { code: 'UPSTREAM_BAD_RESPONSE', detail: /projectinfo/ })
  })

  t.test('the same answer nested, as a JSON answer is: a well-typed project', async (t) => {
    const nested = {
      projectinfo: { id: '4', userid: '1', title: 'Docs project', attachments: '>', ticketids: '>', invoiceids: '>', notes: '>', adminid: '1', status: 'Pending', created: '2016-01-01', duedate: '2016-01-09', completed: '0', lastmodified: '2016-1-02 13:59:01' },
      tasks: {
        task: [
          { id: '1', projectid: '4', task: 'First', notes: '>', adminid: '0', created: '2016-01-02 11:57:57', duedate: '0000-00-00', completed: '0', billed: '0', order: '1', timelogs: { timelog: [{ id: '1', adminid: '1', start: '1451739482', end: '1451743110', donotbill: '0' }] } },
          { id: '2', projectid: '4', task: 'Second', notes: '>', adminid: '0', created: '2016-01-02 13:58:01', duedate: '0000-00-00', completed: '0', billed: '0', order: '2', timelogs: '' }
        ]
      },
      messages: { message: [{ id: '1', projectid: '4', date: '2016-10-04 13:59:01', message: 'Message 1', attachments: '>', adminid: '1' }] }
    }
    const { app } = await build(t, { whmcs: { url: await fixedWhmcs(t, nested) } })
    const res = await app.inject('/projects/4')
    t.equal(res.statusCode, 200)
    const project = res.json<Json>()
    t.match(project, { id: 4, ticketIds: [], invoiceIds: [], notes: '>', lastModified: '2016-01-02T13:59:01', completed: false })
    t.same(project.tasks[0].timeLogs, [{ id: 1, adminId: 1, start: '2016-01-02T12:58:02Z', end: '2016-01-02T13:58:30Z', doNotBill: false }])
    t.same(project.tasks[1].timeLogs, [])
    t.equal(project.tasks[0].dueDate, null)
  })
})

t.test('POST and PATCH /projects', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('creates a project: 201 and Location, with linked tickets and invoices', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/projects', payload: { title: 'Onboarding', adminId: 2, clientId: 7, dueDate: '2026-03-31', ticketIds: [1, 3], invoiceIds: [12] } })
    t.equal(res.statusCode, 201)
    const { id } = res.json<{ id: number }>()
    t.equal(res.headers.location, `/projects/${id}`)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'CreateProject', title: 'Onboarding', adminid: '2', userid: '7', duedate: '2026-03-31', ticketids: '1,3', invoiceids: '12' })
    t.match((await app.inject(`/projects/${id}`)).json(), { title: 'Onboarding', adminId: 2, clientId: 7, status: 'Pending', ticketIds: [1, 3], invoiceIds: [12], tasks: [], messages: [] })
  })

  t.test('WHMCS\'s refusals become 404 and 422 problems', async (t) => {
    const cases: Array<[Json, number, string]> = [
      [{ title: ' ', adminId: 1 }, 422, 'Project Title is Required.'],
      [{ title: 'x', adminId: 99 }, 404, 'Admin ID Not Found'],
      [{ title: 'x', adminId: 1, clientId: 9999 }, 404, 'Client ID Not Found']
    ]
    for (const [payload, status, detail] of cases) {
      const res = await app.inject({ method: 'POST', url: '/projects', payload })
      t.equal(res.statusCode, status, detail)
      t.match(res.json(), { detail })
    }
    t.equal((await app.inject({ method: 'POST', url: '/projects', payload: { title: 'x' } })).statusCode, 400, 'adminId is required')
  })

  t.test('updates the given fields only', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/projects/2', payload: { status: 'Completed', completed: true, notes: 'Moved.', invoiceIds: [5, 6] } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateProject', projectid: '2', status: 'Completed', completed: '1', invoiceids: '5,6' })
    t.match((await app.inject('/projects/2')).json(), { title: 'Datacentre migration', status: 'Completed', completed: true, notes: 'Moved.', invoiceIds: [5, 6] })
    const missing = await app.inject({ method: 'PATCH', url: '/projects/99', payload: { notes: 'x' } })
    t.match(missing.json(), { status: 404, detail: 'Project ID Not Found' })
    const admin = await app.inject({ method: 'PATCH', url: '/projects/2', payload: { adminId: 77 } })
    t.match(admin.json(), { status: 404, detail: 'Admin ID Not Found' })
    t.equal((await app.inject({ method: 'PATCH', url: '/projects/2', payload: {} })).statusCode, 400)
  })
})

t.test('Project Management switched off: 409', async (t) => {
  const { app } = await build(t, { sandbox: { projectManagement: false } })
  const res = await app.inject({ method: 'POST', url: '/projects', payload: { title: 'x', adminId: 1 } })
  t.equal(res.statusCode, 409)
  t.match(res.json(), { code: 'CONFLICT', detail: 'Project Management is not active.' })
})

t.test('project tasks', async (t) => {
  const { app, sandbox } = await build(t)

  t.test('adds a task at the end of the list', async (t) => {
    const res = await app.inject({ method: 'POST', url: '/projects/1/tasks', payload: { title: 'Switch MX records', dueDate: '2024-05-01', adminId: 3, notes: 'After the migration.', billed: false } })
    t.equal(res.statusCode, 201)
    t.same(res.json(), { projectId: 1 })
    t.equal(res.headers.location, '/projects/1')
    t.match(sandbox.calls.at(-1)?.fields, { action: 'AddProjectTask', projectid: '1', task: 'Switch MX records', duedate: '2024-05-01', adminid: '3' })
    const tasks = (await app.inject('/projects/1')).json<Json>().tasks as Json[]
    t.match(tasks.at(-1), { title: 'Switch MX records', order: 3, dueDate: '2024-05-01', adminId: 3, completed: false, timeLogs: [] })
  })

  t.test('updates a task, and moves it to another project', async (t) => {
    const res = await app.inject({ method: 'PATCH', url: '/projects/1/tasks/2', payload: { completed: true, title: 'Migrate (done)' } })
    t.equal(res.statusCode, 204)
    t.match(sandbox.calls.at(-1)?.fields, { action: 'UpdateProjectTask', taskid: '2', completed: '1', task: 'Migrate (done)' })
    t.notOk('projectid' in (sandbox.calls.at(-1)?.fields ?? {}), 'the path\'s project is not sent')
    t.match((await app.inject('/projects/1')).json<Json>().tasks[1], { id: 2, completed: true, title: 'Migrate (done)' })
    await app.inject({ method: 'PATCH', url: '/projects/1/tasks/2', payload: { projectId: 2 } })
    t.same((await app.inject('/projects/2')).json<Json>().tasks.map((x: Json) => x.id), [2])
  })

  t.test('WHMCS\'s refusals become 404 and 422 problems', async (t) => {
    const cases: Array<[string, string, Json, number, string]> = [
      ['POST', '/projects/99/tasks', { title: 'x', dueDate: '2024-01-01' }, 404, 'Project ID Not Found'],
      ['POST', '/projects/1/tasks', { title: ' ', dueDate: '2024-01-01' }, 422, 'A task description must be specified'],
      ['POST', '/projects/1/tasks', { title: 'x', dueDate: '2024-01-01', adminId: 50 }, 404, 'Admin ID Not Found'],
      ['PATCH', '/projects/1/tasks/999', { completed: true }, 404, 'Task ID Not Found'],
      ['PATCH', '/projects/1/tasks/1', { projectId: 999 }, 404, 'Project ID Not Found']
    ]
    for (const [method, url, payload, status, detail] of cases) {
      const res = await app.inject({ method: method as 'POST', url, payload })
      t.equal(res.statusCode, status, detail)
      t.match(res.json(), { detail })
    }
  })
})

t.test('XML answers read the same as JSON ones', async (t) => {
  const json = await build(t)
  const xml = await build(t, { whmcs: { responseType: 'xml' } })
  for (const url of ['/projects', '/projects/1', '/projects/2', '/projects/3']) {
    const [a, b] = await Promise.all([json.app.inject(url), xml.app.inject(url)])
    t.equal(b.statusCode, 200, url)
    t.same(b.json(), a.json(), url)
  }
})
