// /projects: WHMCS's Project Management add-on (six actions): projects and their tasks.
import { Type, type Static } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { Project, ProjectCreate, ProjectCreated, ProjectList, ProjectTaskCreate, ProjectTaskCreated, ProjectTaskUpdate, ProjectUpdate, messageFields, projectFields, taskFields } from './schemas.js'
import { WhmcsResponseError } from '../../src/whmcs/errors.js'
import { toId, toList } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Projects'
const ProjectPath = IdPathParams('Project id')

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The parameters CreateProject and UpdateProject share. */
const projectParams = (body: Partial<Static<typeof ProjectCreate>>) => ({
  userid: body.clientId,
  status: body.status,
  created: body.created,
  duedate: body.dueDate,
  completed: body.completed,
  ticketids: body.ticketIds?.join(','),
  invoiceids: body.invoiceIds?.join(',')
})

export const routes = [
  listRoute({
    method: 'GET',
    url: '/projects',
    operationId: 'listProjects',
    summary: 'List projects',
    description: 'Pages through projects, optionally filtered by client account, responsible staff member, status, exact title or completion.',
    group,
    action: 'GetProjects',
    query: listQuery({
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only projects for this client account' })),
      adminId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only projects this staff member is responsible for' })),
      status: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only projects in this status', examples: ['In Progress'] })),
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Only projects with exactly this title', examples: ['Website relaunch'] })),
      completed: Type.Optional(Type.Boolean({ description: 'Only completed (true) or only open (false) projects' }))
    }),
    response: ProjectList,
    responseDescription: 'A page of projects',
    request: ({ query }) => ({
      userid: query.clientId,
      adminid: query.adminId,
      status: query.status,
      title: query.title,
      completed: query.completed
    }),
    // The list is a bare `projects` array, whatever WHMCS's table says (`invoices`).
    rows: { key: 'projects', item: 'project', paging: 'whmcs' },
    read: (p) => projectFields.read(p)
  }),

  itemRoute({
    method: 'GET',
    url: '/projects/:id',
    operationId: 'getProject',
    summary: 'Get a project',
    description: 'Returns one project with its linked tickets and invoices, its tasks (each with the time logged on it) and the messages staff posted on it.',
    group,
    action: 'GetProject',
    params: ProjectPath,
    status: 200,
    response: ref(Project),
    responseDescription: 'The project',
    request: ({ params }) => ({ projectid: params.id }),
    map: (raw) => {
      // Without its projectinfo object the answer is not a project (WHMCS's own documented
      // example is flattened NVP text): a 502, never a half-read project.
      if (!isRecord(raw.projectinfo)) throw new WhmcsResponseError('WHMCS answered GetProject without the project\'s details (projectinfo)', { action: 'GetProject' })
      return {
        ...projectFields.read(raw.projectinfo),
        tasks: toList(raw.tasks, 'task').map((t) => taskFields.read(t)),
        messages: toList(raw.messages, 'message').map((m) => messageFields.read(m))
      }
    }
  }),

  itemRoute({
    method: 'POST',
    url: '/projects',
    operationId: 'createProject',
    summary: 'Create a project',
    description: 'Creates a project, optionally for a client account and linked to tickets and invoices. Needs WHMCS\'s Project Management add-on to be active (409 otherwise).',
    group,
    action: 'CreateProject',
    body: ref(ProjectCreate),
    status: 201,
    response: ref(ProjectCreated),
    responseDescription: 'The project was created; `Location` points at it',
    request: ({ body }) => ({ ...projectParams(body), title: body.title, adminid: body.adminId }),
    map: (raw) => ({ id: toId(raw.projectid, 'project id') }),
    location: (out) => `/projects/${out.id}`
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/projects/:id',
    operationId: 'updateProject',
    summary: 'Update a project',
    description: 'Changes the given fields of a project and leaves the others as they are. Linked tickets and invoices are replaced by the lists given.',
    group,
    action: 'UpdateProject',
    params: ProjectPath,
    body: ref(ProjectUpdate),
    responseDescription: 'The project was updated',
    request: ({ params, body }) => ({ ...projectParams(body), projectid: params.id, title: body.title, adminid: body.adminId, notes: body.notes })
  }),

  itemRoute({
    method: 'POST',
    url: '/projects/:id/tasks',
    operationId: 'createProjectTask',
    summary: 'Add a task to a project',
    description: 'Adds a task at the end of the project\'s task list. WHMCS does not answer the new task\'s id: it appears in the project\'s `tasks`.',
    group,
    action: 'AddProjectTask',
    params: ProjectPath,
    body: ref(ProjectTaskCreate),
    status: 201,
    response: ref(ProjectTaskCreated),
    responseDescription: 'The task was added; `Location` points at its project',
    request: ({ params, body }) => ({
      projectid: params.id,
      task: body.title,
      duedate: body.dueDate,
      adminid: body.adminId,
      notes: body.notes,
      completed: body.completed,
      billed: body.billed
    }),
    map: (_raw, { params }) => ({ projectId: params.id }),
    location: (_out, { params }) => `/projects/${params.id}`
  }),

  emptyRoute({
    method: 'PATCH',
    url: '/projects/:id/tasks/:taskId',
    operationId: 'updateProjectTask',
    summary: 'Update a project task',
    description: 'Changes the given fields of a task and leaves the others as they are; `projectId` moves it to another project. WHMCS finds the task by its id alone: the project in the path is not checked against it.',
    group,
    action: 'UpdateProjectTask',
    params: Type.Object({
      id: Type.Integer({ ...int32(1), description: 'Project id', examples: [1] }),
      taskId: Type.Integer({ ...int32(1), description: 'Task id', examples: [1] })
    }, { additionalProperties: false }),
    body: ref(ProjectTaskUpdate),
    responseDescription: 'The task was updated',
    request: ({ params, body }) => ({
      taskid: params.taskId,
      projectid: body.projectId,
      task: body.title,
      duedate: body.dueDate,
      adminid: body.adminId,
      notes: body.notes,
      completed: body.completed
    })
  })
]

export default resource({ schemas, routes })
