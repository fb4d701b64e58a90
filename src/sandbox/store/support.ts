// Support: departments (configuration), tickets (tbltickets), their replies (tblticketreplies)
// and staff notes (tblticketnotes).

import { Table } from './table.js'

export const TICKET_STATUSES = ['Open', 'Answered', 'Customer-Reply', 'Closed', 'On Hold', 'In Progress'] as const
export type TicketStatus = typeof TICKET_STATUSES[number]
export const TICKET_PRIORITIES = ['Low', 'Medium', 'High'] as const
export type TicketPriority = typeof TICKET_PRIORITIES[number]

/** Statuses that wait for staff ("Awaiting Reply"). */
export const AWAITING_REPLY_STATUSES: readonly TicketStatus[] = ['Open', 'Customer-Reply']

export interface DepartmentRecord {
  id: number
  name: string
  email: string
  /** Whether the API credential's admin is assigned to the department. */
  apiAdminAssigned: boolean
  preventClientClosure: boolean
}

export const DEPARTMENTS: readonly DepartmentRecord[] = [
  { id: 1, name: 'Technical Support', email: 'support@sandbox.example', apiAdminAssigned: true, preventClientClosure: false },
  { id: 2, name: 'Billing', email: 'billing@sandbox.example', apiAdminAssigned: true, preventClientClosure: false },
  { id: 3, name: 'Sales', email: 'sales@sandbox.example', apiAdminAssigned: true, preventClientClosure: false },
  // The API's admin is not in this one: GetTickets and GetSupportDepartments leave it out
  // unless ignore_dept_assignments is sent.
  { id: 4, name: 'Abuse', email: 'abuse@sandbox.example', apiAdminAssigned: false, preventClientClosure: true }
]

export function findDepartment (id: number): DepartmentRecord | undefined {
  return DEPARTMENTS.find(d => d.id === id)
}

export interface AttachmentRecord {
  /** The name the file was uploaded with. */
  filename: string
  /** The name WHMCS stores it under: a random prefix, '_', the upload name. */
  stored: string
  size: number
}

/** Who wrote a ticket or a reply. */
export interface Author {
  /** Client account (0: not a client). */
  clientId: number
  /** Contact of the client (0: none). */
  contactId: number
  /** User of the client who wrote it (0: the owner or unknown). */
  userId: number
  /** Name and email for someone without an account. */
  name: string
  email: string
  /** Staff author's name ('' when not staff). */
  adminName: string
}

export interface TicketRecord extends Author {
  id: number
  /** The ticket number clients see. */
  tid: string
  /** The client area access code. */
  c: string
  deptId: number
  cc: string
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  subject: string
  message: string
  status: TicketStatus
  priority: TicketPriority
  /** 'YYYY-MM-DD HH:MM:SS' */
  lastReply: string
  /** Admin id the ticket is flagged to (0: none). */
  flag: number
  /** 'S<id>' for a service, 'D<id>' for a domain, '' for none. */
  service: string
  preventClientClosure: boolean
  markdown: boolean
  customFields: Record<string, string>
  attachments: AttachmentRecord[]
  attachmentsRemoved: boolean
}

export interface TicketReplyRecord extends Author {
  id: number
  ticketId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  message: string
  markdown: boolean
  attachments: AttachmentRecord[]
  attachmentsRemoved: boolean
  /** The client's rating of a staff reply, 0-5. */
  rating: number
}

export interface TicketNoteRecord {
  id: number
  ticketId: number
  adminName: string
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  message: string
  attachments: AttachmentRecord[]
  attachmentsRemoved: boolean
}

export class TicketsTable extends Table<TicketRecord> {
  findByNumber (tid: string): TicketRecord | undefined {
    return this.find(ticket => ticket.tid.toLowerCase() === tid.trim().toLowerCase())
  }
}

export class TicketRepliesTable extends Table<TicketReplyRecord> {
  ofTicket (ticketId: number): TicketReplyRecord[] {
    return this.filter(reply => reply.ticketId === ticketId)
  }

  deleteOfTicket (ticketId: number): void {
    for (const reply of this.ofTicket(ticketId)) this.delete(reply.id)
  }
}

export class TicketNotesTable extends Table<TicketNoteRecord> {
  ofTicket (ticketId: number): TicketNoteRecord[] {
    return this.filter(note => note.ticketId === ticketId)
  }

  deleteOfTicket (ticketId: number): void {
    for (const note of this.ofTicket(ticketId)) this.delete(note.id)
  }
}
