// The Project Management add-on: projects (mod_project), their tasks, time logs and messages.

import { Table } from './table.js'

/** The statuses set in the sandbox's Project Management settings (WHMCS keeps any text given). */
export const PROJECT_STATUSES: readonly string[] = ['Pending', 'In Progress', 'Awaiting Feedback', 'Completed']

export interface ProjectRecord {
  id: number
  /** Client account (0: an internal project). */
  clientId: number
  title: string
  /** Comma-separated ticket ids, as WHMCS keeps them. */
  ticketIds: string
  /** Comma-separated invoice ids. */
  invoiceIds: string
  notes: string
  adminId: number
  status: string
  /** 'YYYY-MM-DD' */
  created: string
  /** 'YYYY-MM-DD' */
  dueDate: string
  completed: boolean
  /** 'YYYY-MM-DD HH:MM:SS' */
  lastModified: string
  /** Comma-separated admin ids watching the project. */
  watchers: string
}

export interface ProjectTaskRecord {
  id: number
  projectId: number
  task: string
  notes: string
  adminId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  created: string
  /** 'YYYY-MM-DD', '0000-00-00' for none */
  dueDate: string
  completed: boolean
  billed: boolean
  order: number
}

export interface TimeLogRecord {
  id: number
  projectId: number
  taskId: number
  adminId: number
  /** Unix timestamps (seconds). */
  start: number
  end: number
  doNotBill: boolean
}

export interface ProjectMessageRecord {
  id: number
  projectId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  message: string
  adminId: number
}

export class ProjectsTable extends Table<ProjectRecord> {
  /** Whether the Project Management add-on is active (SandboxOptions.projectManagement). */
  active = true
}

export class ProjectTasksTable extends Table<ProjectTaskRecord> {
  ofProject (projectId: number): ProjectTaskRecord[] {
    return this.filter(task => task.projectId === projectId).sort((a, b) => a.order - b.order || a.id - b.id)
  }
}

export class TimeLogsTable extends Table<TimeLogRecord> {
  ofTask (taskId: number): TimeLogRecord[] {
    return this.filter(log => log.taskId === taskId)
  }
}

export class ProjectMessagesTable extends Table<ProjectMessageRecord> {
  ofProject (projectId: number): ProjectMessageRecord[] {
    return this.filter(message => message.projectId === projectId)
  }
}
