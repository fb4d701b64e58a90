// The Projects resources (WHMCS's Project Management add-on): projects with their tasks, time
// logs and staff messages, and the tickets and invoices linked to them.
import { Type } from 'typebox'
import { WHMCS_TEXT_MAX, defineMapping, f } from '../../src/whmcs/fields.js'
import { toList, toIdList } from '../../src/whmcs/normalize.js'
import { component, int32, IsoDate, listOf, ref, LINE_MAX } from '../../src/schemas/common.js'

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetProjects: {
      params: {
        limitstart?: Int
        limitnum?: Int
        userid?: Int
        title?: string
        adminid?: Int
        status?: string
        completed?: Flag
      }
      // The list is `projects`, a bare array, although WHMCS's table calls it `invoices`.
      result: Paged & { projects?: Loose }
    }
    GetProject: {
      params: { projectid: Int }
      // No `result` key in WHMCS's documented answer.
      result: { projectinfo?: Loose, tasks?: Loose, messages?: Loose }
    }
    CreateProject: {
      params: {
        title: string
        adminid: Int
        userid?: Int
        status?: string
        created?: string
        duedate?: string
        completed?: Flag
        ticketids?: string
        invoiceids?: string
      }
      result: { projectid?: Loose, message?: Loose }
    }
    UpdateProject: {
      params: {
        projectid: Int
        adminid?: Int
        userid?: Int
        status?: string
        created?: string
        duedate?: string
        completed?: Flag
        title?: string
        ticketids?: string
        invoiceids?: string
        notes?: string
      }
      result: { message?: Loose }
    }
    AddProjectTask: {
      params: {
        projectid: Int
        duedate: string
        adminid?: Int
        task?: string
        notes?: string
        completed?: Flag
        billed?: Flag
      }
      result: { message?: Loose }
    }
    UpdateProjectTask: {
      params: {
        taskid: Int
        projectid?: Int
        duedate?: string
        adminid?: Int
        task?: string
        notes?: string
        completed?: Flag
      }
      result: { message?: Loose }
    }
  }
}

/** The most tickets or invoices one request may link to a project. */
const LINKS_MAX = 100

const idList = (whmcs: string, description: string) =>
  f.custom(whmcs, Type.Array(Type.Integer(int32(1)), { description, examples: [[1, 2]] }), toIdList, (ids) => ids.join(','))

export const timeLogFields = defineMapping({
  id: f.id('id', 'Time log id'),
  adminId: f.ref('adminid', 'The staff member who logged the time'),
  start: f.dateTime('starttime', 'When the work started', { aliases: ['start'] }),
  end: f.dateTime('endtime', 'When the work ended; null while it runs', { aliases: ['end'] }),
  doNotBill: f.bool('donotbill', 'Whether the time is left off invoices')
})

export const ProjectTimeLog = component('ProjectTimeLog', Type.Object(
  timeLogFields.properties(['id', 'adminId', 'start', 'end', 'doNotBill']),
  { description: 'Time a staff member spent on a task', additionalProperties: false }))

export const taskFields = defineMapping({
  id: f.id('id', 'Task id'),
  title: f.text('task', 'What is to be done', { examples: ['Migrate the mailboxes'] }),
  notes: f.text('notes', 'Notes'),
  adminId: f.ref('adminid', 'The staff member the task is assigned to; null for nobody'),
  created: f.dateTime('created', 'When the task was added'),
  dueDate: f.date('duedate', 'When the task is due; null for no date'),
  completed: f.bool('completed', 'Whether the task is done'),
  billed: f.bool('billed', 'Whether the task has been invoiced'),
  order: f.count('order', 'Position of the task in the project\'s list'),
  timeLogs: f.custom('timelogs', Type.Array(ref(ProjectTimeLog), { description: 'Time logged on the task' }),
    (v) => toList(v, 'timelog').map((l) => timeLogFields.read(l)))
})

export const ProjectTask = component('ProjectTask', Type.Object(
  taskFields.properties(['id', 'title', 'notes', 'adminId', 'created', 'dueDate', 'completed', 'billed', 'order', 'timeLogs']),
  { description: 'A task of a project', additionalProperties: false }))

export const messageFields = defineMapping({
  id: f.id('id', 'Message id'),
  date: f.dateTime('date', 'When it was posted'),
  message: f.text('message', 'The message'),
  adminId: f.ref('adminid', 'The staff member who posted it')
})

export const ProjectMessage = component('ProjectMessage', Type.Object(
  messageFields.properties(['id', 'date', 'message', 'adminId']),
  { description: 'A message staff posted on a project', additionalProperties: false }))

export const projectFields = defineMapping({
  id: f.id('id', 'Project id'),
  clientId: f.ref('userid', 'Client account the project is for; null for an internal project'),
  title: f.text('title', 'Title', { examples: ['Website relaunch'] }),
  ticketIds: idList('ticketids', 'Support tickets linked to the project'),
  invoiceIds: idList('invoiceids', 'Invoices linked to the project'),
  notes: f.text('notes', 'Notes'),
  adminId: f.ref('adminid', 'The staff member responsible'),
  status: f.text('status', 'Status, one of those set in WHMCS\'s Project Management settings', { maxLength: 64, examples: ['In Progress'] }),
  created: f.date('created', 'When the project started'),
  dueDate: f.date('duedate', 'When the project is due'),
  completed: f.bool('completed', 'Whether the project is done'),
  lastModified: f.dateTime('lastmodified', 'When the project was last changed')
})

const PROJECT_KEYS = ['id', 'clientId', 'title', 'ticketIds', 'invoiceIds', 'notes', 'adminId', 'status', 'created', 'dueDate', 'completed', 'lastModified'] as const

export const ProjectSummary = component('ProjectSummary', Type.Object(projectFields.properties(PROJECT_KEYS),
  { description: 'A project as listed', additionalProperties: false }))

export const Project = component('Project', Type.Object({
  ...projectFields.properties(PROJECT_KEYS),
  tasks: Type.Array(ref(ProjectTask), { description: 'The project\'s tasks, in their order' }),
  messages: Type.Array(ref(ProjectMessage), { description: 'Messages staff posted on the project' })
}, { description: 'A project with its tasks and messages', additionalProperties: false }))

export const ProjectList = listOf('ProjectList', ProjectSummary, 'A page of projects')

// ---------------------------------------------------------------- writing

const id = (description: string) => Type.Integer({ ...int32(1), description, examples: [1] })
const ids = (description: string) => Type.Array(Type.Integer(int32(1)), { maxItems: LINKS_MAX, uniqueItems: true, description: `${description} (at most ${LINKS_MAX})`, examples: [[1, 2]] })
const title = (description: string) => Type.String({ minLength: 1, maxLength: LINE_MAX, description, examples: ['Website relaunch'] })
const notes = (description: string) => Type.String({ maxLength: WHMCS_TEXT_MAX, description })
const status = Type.String({ minLength: 1, maxLength: 64, description: 'Status, one of those set in WHMCS\'s Project Management settings', examples: ['In Progress'] })

export const projectCreateExample = { title: 'Website relaunch', adminId: 1, clientId: 1, dueDate: '2026-03-31', ticketIds: [1] }

export const ProjectCreate = component('ProjectCreate', Type.Object({
  title: title('Title'),
  adminId: id('The staff member responsible'),
  clientId: Type.Optional(id('Client account the project is for')),
  status: Type.Optional(status),
  created: Type.Optional(IsoDate('When the project started; today when not given', '2026-03-31')),
  dueDate: Type.Optional(IsoDate('When the project is due', '2026-03-31')),
  completed: Type.Optional(Type.Boolean({ description: 'Whether the project is done' })),
  ticketIds: Type.Optional(ids('Support tickets to link')),
  invoiceIds: Type.Optional(ids('Invoices to link'))
}, { description: 'A new project', additionalProperties: false, examples: [projectCreateExample] }))

export const ProjectCreated = component('ProjectCreated', Type.Object({
  id: Type.Integer({ ...int32(1), description: 'Id of the new project' })
}, { description: 'The project just created', additionalProperties: false }))

export const projectUpdateExample = { status: 'Completed', completed: true, notes: 'Handed over on 2026-03-30.' }

export const ProjectUpdate = component('ProjectUpdate', Type.Object({
  title: Type.Optional(title('Title')),
  adminId: Type.Optional(id('The staff member responsible')),
  clientId: Type.Optional(id('Client account the project is for')),
  status: Type.Optional(status),
  created: Type.Optional(IsoDate('When the project started', '2026-03-31')),
  dueDate: Type.Optional(IsoDate('When the project is due', '2026-03-31')),
  completed: Type.Optional(Type.Boolean({ description: 'Whether the project is done' })),
  ticketIds: Type.Optional(ids('Support tickets linked to the project, replacing the current list')),
  invoiceIds: Type.Optional(ids('Invoices linked to the project, replacing the current list')),
  notes: Type.Optional(notes('Notes'))
}, { description: 'Changes to a project: only the fields given are changed', additionalProperties: false, minProperties: 1, examples: [projectUpdateExample] }))

export const projectTaskCreateExample = { title: 'Migrate the mailboxes', dueDate: '2026-02-15', adminId: 1 }

export const ProjectTaskCreate = component('ProjectTaskCreate', Type.Object({
  title: title('What is to be done'),
  dueDate: IsoDate('When the task is due', '2026-03-31'),
  adminId: Type.Optional(id('The staff member to assign it to')),
  notes: Type.Optional(notes('Notes')),
  completed: Type.Optional(Type.Boolean({ description: 'Whether the task is already done' })),
  billed: Type.Optional(Type.Boolean({ description: 'Whether the task has already been invoiced' }))
}, { description: 'A new task of a project', additionalProperties: false, examples: [projectTaskCreateExample] }))

export const ProjectTaskCreated = component('ProjectTaskCreated', Type.Object({
  projectId: Type.Integer({ ...int32(1), description: 'The project the task was added to; WHMCS gives the task\'s id only in the project\'s task list' })
}, { description: 'A task just added', additionalProperties: false }))

export const projectTaskUpdateExample = { completed: true, notes: 'All 14 mailboxes moved.' }

export const ProjectTaskUpdate = component('ProjectTaskUpdate', Type.Object({
  title: Type.Optional(title('What is to be done')),
  dueDate: Type.Optional(IsoDate('When the task is due', '2026-03-31')),
  adminId: Type.Optional(id('The staff member to assign it to')),
  notes: Type.Optional(notes('Notes')),
  completed: Type.Optional(Type.Boolean({ description: 'Whether the task is done' })),
  projectId: Type.Optional(id('Move the task to this project'))
}, { description: 'Changes to a task: only the fields given are changed', additionalProperties: false, minProperties: 1, examples: [projectTaskUpdateExample] }))
