import t from 'tap'
import { api, pick, start } from './fixtures/helpers.js'

t.test('GetProject answers as WHMCS documents it: no result key, strings, "" for empty lists', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetProject', { projectid: '1' })
  t.equal(body.result, undefined)
  t.match(body.projectinfo, { id: '1', userid: '1', ticketids: '1', completed: '0', lastmodified: '2024-3-02 13:59:01' })
  t.match(pick(body, 'tasks.task.0.timelogs.timelog.0'), { start: '1707901200', end: '1707906600', starttime: '2024-02-14 09:00:00', donotbill: '0' })
  t.equal(pick(body, 'tasks.task.1.timelogs'), '')
  const empty = await api(sb, 'GetProject', { projectid: '2' })
  t.same([empty.body.tasks, empty.body.messages], ['', ''])
  t.same((await api(sb, 'GetProject')).body, { result: 'error', message: 'Project ID Not Set' })
  t.same((await api(sb, 'GetProject', { projectid: '9' })).body, { result: 'error', message: 'Project ID Not Found' })
})

t.test('GetProjects answers a bare projects array of typed values', async t => {
  const sb = await start(t)
  const { body } = await api(sb, 'GetProjects', { completed: '0', limitnum: '1' })
  t.match(body, { result: 'success', totalresults: 2, startnumber: 0, numreturned: 1 })
  t.match(pick(body, 'projects.0'), { id: 1, userid: 1, adminid: 1, completed: 0, watchers: '2' })
})

t.test('the project actions refuse with WHMCS\'s messages', async t => {
  const sb = await start(t)
  const cases: Array<[string, Record<string, string>, string]> = [
    ['CreateProject', { adminid: '1' }, 'Project Title is Required.'],
    ['CreateProject', { title: 'T' }, 'Admin ID not Set'],
    ['UpdateProject', {}, 'Project ID Not Set'],
    ['UpdateProject', { projectid: '1', userid: '999' }, 'Client ID Not Found'],
    ['AddProjectTask', { task: 'x' }, 'Project ID not Set'],
    ['UpdateProjectTask', {}, 'Task ID is Required'],
    ['UpdateProjectTask', { taskid: '1', adminid: '9' }, 'Admin ID Not Found']
  ]
  for (const [action, fields, message] of cases) t.same((await api(sb, action, fields)).body, { result: 'error', message }, `${action}: ${message}`)
  const created = await api(sb, 'CreateProject', { title: 'Internal', adminid: '2', created: '2024-05-01', ticketids: ' 4, 5 ,' })
  t.same(created.body, { result: 'success', message: 'Project has been created', projectid: '4' })
  t.match((await api(sb, 'GetProject', { projectid: '4' })).body.projectinfo, { userid: '0', ticketids: '4,5', created: '2024-05-01', duedate: '2024-05-01', status: 'Pending' })
  t.same((await api(sb, 'UpdateProjectTask', { taskid: '3', notes: '' })).body, { result: 'success', message: 'Task has been updated' })
})

t.test('with Project Management off, CreateProject refuses', async t => {
  const sb = await start(t, { projectManagement: false })
  t.same((await api(sb, 'CreateProject', { title: 'T', adminid: '1' })).body, { result: 'error', message: 'Project Management is not active.' })
  sb.reset()
  t.same((await api(sb, 'CreateProject', { title: 'T', adminid: '1' })).body.result, 'error', 'still off after a reset')
})
