// Project Management actions: GetProjects, GetProject, CreateProject, UpdateProject,
// AddProjectTask, UpdateProjectTask.
//
// GetProjects answers a bare `projects` array of typed values (numbers for ids). GetProject answers
// as WHMCS documents it: no `result` key, string values, lists nested `tasks.task[]` and
// `timelogs.timelog[]` or "" when empty, time logs as Unix timestamps and `lastmodified` with an
// unpadded month ("2024-3-02 13:59:01").

import { paging, ActionError, type Params } from '../protocol/params.js'
import { findAdmin } from '../store/admins.js'
import type { Store } from '../store/index.js'
import type { ProjectRecord } from '../store/projects.js'
import { isoDate, isoDateTime } from '../protocol/text.js'
import type { JsonObject } from '../types.js'
import type { ActionContext, HandlerGroup } from './types.js'

const YMD = /^\d{4}-\d{2}-\d{2}$/

/** A Y-m-d parameter; undefined when absent or not a date. */
function dateParam (params: Params, name: string): string | undefined {
  const value = params.text(name)
  return YMD.test(value) ? value : undefined
}

/** A comma-separated id list parameter, as WHMCS stores it (trimmed of spaces). */
function idListParam (params: Params, name: string): string | undefined {
  const value = params.str(name)
  return value === undefined ? undefined : value.split(',').map(s => s.trim()).filter(s => s !== '').join(',')
}

function checkAdmin (params: Params): number | undefined {
  if (params.text('adminid') === '') return undefined
  const admin = findAdmin(params.int('adminid') ?? 0)
  if (admin === undefined) throw new ActionError('Admin ID Not Found')
  return admin.id
}

function checkClient (params: Params, store: Store): number | undefined {
  if (params.text('userid') === '') return undefined
  const id = params.int('userid') ?? 0
  // 0 makes the project an internal one.
  if (id !== 0 && store.clients.get(id) === undefined) throw new ActionError('Client ID Not Found')
  return id
}

/** 'Y-n-d H:i:s', the month unpadded, as GetProject prints lastmodified. */
function unpaddedMonth (dateTime: string): string {
  return dateTime.replace(/^(\d{4})-0?(\d{1,2})-/, '$1-$2-')
}

function projectRow (project: ProjectRecord): JsonObject {
  return {
    id: project.id,
    userid: project.clientId,
    title: project.title,
    ticketids: project.ticketIds,
    invoiceids: project.invoiceIds,
    notes: project.notes,
    adminid: project.adminId,
    status: project.status,
    created: project.created,
    duedate: project.dueDate,
    completed: project.completed ? 1 : 0,
    lastmodified: project.lastModified,
    watchers: project.watchers
  }
}

function getProjects ({ params, store }: ActionContext): JsonObject {
  const { start: limitStart, num: limitNum } = paging(params)
  const equal: Array<[string, (p: ProjectRecord) => string]> = [
    ['userid', p => String(p.clientId)], ['title', p => p.title], ['ticketids', p => p.ticketIds],
    ['invoiceids', p => p.invoiceIds], ['notes', p => p.notes], ['adminid', p => String(p.adminId)],
    ['status', p => p.status], ['created', p => p.created], ['duedate', p => p.dueDate],
    ['lastmodified', p => p.lastModified]
  ]
  const completed = params.bool('completed')
  const matches = store.projects.filter(p =>
    equal.every(([name, value]) => {
      const wanted = params.str(name)
      return wanted === undefined || wanted === '' || value(p).toLowerCase() === wanted.toLowerCase()
    }) && (completed === undefined || p.completed === completed))
  const page = matches.slice(limitStart, limitStart + limitNum)
  return {
    result: 'success',
    totalresults: matches.length,
    startnumber: limitStart,
    numreturned: page.length,
    projects: page.map(projectRow)
  }
}

function getProject ({ params, store }: ActionContext): JsonObject {
  if (params.text('projectid') === '') throw new ActionError('Project ID Not Set')
  const project = store.projects.get(params.int('projectid') ?? 0)
  if (project === undefined) throw new ActionError('Project ID Not Found')
  const tasks = store.projectTasks.ofProject(project.id).map(task => {
    const logs = store.timeLogs.ofTask(task.id).map(log => ({
      id: String(log.id),
      projectid: String(log.projectId),
      taskid: String(log.taskId),
      adminid: String(log.adminId),
      start: String(log.start),
      end: String(log.end),
      donotbill: log.doNotBill ? '1' : '0',
      starttime: isoDateTime(new Date(log.start * 1000)),
      endtime: isoDateTime(new Date(log.end * 1000))
    }))
    return {
      id: String(task.id),
      projectid: String(task.projectId),
      task: task.task,
      notes: task.notes,
      adminid: String(task.adminId),
      created: task.created,
      duedate: task.dueDate,
      completed: task.completed ? '1' : '0',
      billed: task.billed ? '1' : '0',
      order: String(task.order),
      timelogs: logs.length === 0 ? '' : { timelog: logs }
    }
  })
  const messages = store.projectMessages.ofProject(project.id).map(m => ({
    id: String(m.id),
    projectid: String(m.projectId),
    date: m.date,
    message: m.message,
    attachments: '',
    adminid: String(m.adminId)
  }))
  return {
    projectinfo: {
      id: String(project.id),
      userid: String(project.clientId),
      title: project.title,
      attachments: '',
      ticketids: project.ticketIds,
      invoiceids: project.invoiceIds,
      notes: project.notes,
      adminid: String(project.adminId),
      status: project.status,
      created: project.created,
      duedate: project.dueDate,
      completed: project.completed ? '1' : '0',
      lastmodified: unpaddedMonth(project.lastModified)
    },
    tasks: tasks.length === 0 ? '' : { task: tasks },
    messages: messages.length === 0 ? '' : { message: messages }
  }
}

function createProject ({ params, store, now }: ActionContext): JsonObject {
  if (!store.projects.active) throw new ActionError('Project Management is not active.')
  const title = params.text('title')
  if (title === '') throw new ActionError('Project Title is Required.')
  if (params.text('adminid') === '') throw new ActionError('Admin ID not Set')
  const adminId = checkAdmin(params) as number
  const clientId = checkClient(params, store) ?? 0
  const today = now()
  const created = dateParam(params, 'created') ?? isoDate(today)
  const project = store.projects.insert({
    clientId,
    title,
    ticketIds: idListParam(params, 'ticketids') ?? '',
    invoiceIds: idListParam(params, 'invoiceids') ?? '',
    notes: '',
    adminId,
    status: params.text('status') === '' ? 'Pending' : params.text('status'),
    created,
    dueDate: dateParam(params, 'duedate') ?? created,
    completed: params.bool('completed') === true,
    lastModified: isoDateTime(today),
    watchers: ''
  })
  return { result: 'success', message: 'Project has been created', projectid: String(project.id) }
}

function updateProject ({ params, store, now }: ActionContext): JsonObject {
  if (params.text('projectid') === '') throw new ActionError('Project ID Not Set')
  const project = store.projects.get(params.int('projectid') ?? 0)
  if (project === undefined) throw new ActionError('Project ID Not Found')
  const clientId = checkClient(params, store)
  const adminId = checkAdmin(params)
  if (clientId !== undefined) project.clientId = clientId
  if (adminId !== undefined) project.adminId = adminId
  for (const [param, field] of [['title', 'title'], ['status', 'status'], ['notes', 'notes']] as const) {
    const value = params.str(param)
    if (value !== undefined && (value !== '' || field === 'notes')) project[field] = value
  }
  const created = dateParam(params, 'created')
  if (created !== undefined) project.created = created
  const due = dateParam(params, 'duedate')
  if (due !== undefined) project.dueDate = due
  const completed = params.bool('completed')
  if (completed !== undefined) project.completed = completed
  const tickets = idListParam(params, 'ticketids')
  if (tickets !== undefined) project.ticketIds = tickets
  const invoices = idListParam(params, 'invoiceids')
  if (invoices !== undefined) project.invoiceIds = invoices
  project.lastModified = isoDateTime(now())
  return { result: 'success', message: 'Project Has Been Updated' }
}

function addProjectTask ({ params, store, now }: ActionContext): JsonObject {
  if (params.text('projectid') === '') throw new ActionError('Project ID not Set')
  const project = store.projects.get(params.int('projectid') ?? 0)
  if (project === undefined) throw new ActionError('Project ID Not Found')
  const adminId = checkAdmin(params) ?? 0
  const task = params.text('task')
  if (task === '') throw new ActionError('A task description must be specified')
  const order = Math.max(0, ...store.projectTasks.ofProject(project.id).map(t => t.order)) + 1
  store.projectTasks.insert({
    projectId: project.id,
    task,
    notes: params.text('notes'),
    adminId,
    created: isoDateTime(now()),
    dueDate: dateParam(params, 'duedate') ?? '0000-00-00',
    completed: params.bool('completed') === true,
    billed: params.bool('billed') === true,
    order
  })
  project.lastModified = isoDateTime(now())
  return { result: 'success', message: 'Task has been added' }
}

function updateProjectTask ({ params, store, now }: ActionContext): JsonObject {
  if (params.text('taskid') === '') throw new ActionError('Task ID is Required')
  let projectId: number | undefined
  if (params.text('projectid') !== '') {
    projectId = store.projects.get(params.int('projectid') ?? 0)?.id
    if (projectId === undefined) throw new ActionError('Project ID Not Found')
  }
  const task = store.projectTasks.get(params.int('taskid') ?? 0)
  if (task === undefined) throw new ActionError('Task ID Not Found')
  const adminId = checkAdmin(params)
  if (projectId !== undefined) task.projectId = projectId
  if (adminId !== undefined) task.adminId = adminId
  const title = params.text('task')
  if (title !== '') task.task = title
  const notes = params.str('notes')
  if (notes !== undefined) task.notes = notes
  const due = dateParam(params, 'duedate')
  if (due !== undefined) task.dueDate = due
  const completed = params.bool('completed')
  if (completed !== undefined) task.completed = completed
  const project = store.projects.get(task.projectId)
  if (project !== undefined) project.lastModified = isoDateTime(now())
  return { result: 'success', message: 'Task has been updated' }
}

export const projectHandlers: HandlerGroup = {
  GetProjects: getProjects,
  GetProject: getProject,
  CreateProject: createProject,
  UpdateProject: updateProject,
  AddProjectTask: addProjectTask,
  UpdateProjectTask: updateProjectTask
}
