// The sandbox's database: one table class per resource group.
//
// To add a resource group (orders, billing, domains, support...): write
// store/<group>.ts with its record types and table class, add the table here
// (field + StoreData entry), seed it in seed.ts, and register the group's
// handlers in handlers/index.ts.

import { AffiliatesTable, type AffiliateRecord } from './affiliates.js'
import { ClientsTable, type ClientRecord } from './clients.js'
import { ContactsTable, type ContactRecord } from './contacts.js'
import {
  ProjectMessagesTable, ProjectTasksTable, ProjectsTable, TimeLogsTable,
  type ProjectMessageRecord, type ProjectRecord, type ProjectTaskRecord, type TimeLogRecord
} from './projects.js'
import {
  TicketNotesTable, TicketRepliesTable, TicketsTable,
  type TicketNoteRecord, type TicketRecord, type TicketReplyRecord
} from './support.js'
import { InvitesTable, UsersTable, type InviteRecord, type UserRecord } from './users.js'

/** The raw rows a store is built from (the seed, or nothing). */
export interface StoreData {
  clients: ClientRecord[]
  users: UserRecord[]
  invites: InviteRecord[]
  contacts: ContactRecord[]
  tickets: TicketRecord[]
  ticketReplies: TicketReplyRecord[]
  ticketNotes: TicketNoteRecord[]
  projects: ProjectRecord[]
  projectTasks: ProjectTaskRecord[]
  timeLogs: TimeLogRecord[]
  projectMessages: ProjectMessageRecord[]
  affiliates: AffiliateRecord[]
}

export function emptyData (): StoreData {
  return {
    clients: [],
    users: [],
    invites: [],
    contacts: [],
    tickets: [],
    ticketReplies: [],
    ticketNotes: [],
    projects: [],
    projectTasks: [],
    timeLogs: [],
    projectMessages: [],
    affiliates: []
  }
}

export class Store {
  readonly clients: ClientsTable
  readonly users: UsersTable
  readonly invites: InvitesTable
  readonly contacts: ContactsTable
  readonly tickets: TicketsTable
  readonly ticketReplies: TicketRepliesTable
  readonly ticketNotes: TicketNotesTable
  readonly projects: ProjectsTable
  readonly projectTasks: ProjectTasksTable
  readonly timeLogs: TimeLogsTable
  readonly projectMessages: ProjectMessagesTable
  readonly affiliates: AffiliatesTable

  constructor (data: StoreData) {
    // Rows are cloned so a store never shares objects with its seed.
    const copy = structuredClone(data)
    this.clients = new ClientsTable(copy.clients)
    this.users = new UsersTable(copy.users)
    this.invites = new InvitesTable(copy.invites)
    this.contacts = new ContactsTable(copy.contacts)
    this.tickets = new TicketsTable(copy.tickets)
    this.ticketReplies = new TicketRepliesTable(copy.ticketReplies)
    this.ticketNotes = new TicketNotesTable(copy.ticketNotes)
    this.projects = new ProjectsTable(copy.projects)
    this.projectTasks = new ProjectTasksTable(copy.projectTasks)
    this.timeLogs = new TimeLogsTable(copy.timeLogs)
    this.projectMessages = new ProjectMessagesTable(copy.projectMessages)
    this.affiliates = new AffiliatesTable(copy.affiliates)
  }
}
