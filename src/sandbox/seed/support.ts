// Demo rows of the Support, Projects and Affiliates groups (and the client contacts their
// tickets refer to), added to the clients of index.ts. Deterministic, like the rest of the seed.

import type { AffiliateRecord } from '../store/affiliates.js'
import type { ContactRecord } from '../store/contacts.js'
import type { StoreData } from '../store/index.js'
import type { ProjectMessageRecord, ProjectRecord, ProjectTaskRecord, TimeLogRecord } from '../store/projects.js'
import type { AttachmentRecord, Author, TicketNoteRecord, TicketRecord, TicketReplyRecord } from '../store/support.js'

export type SupportSeed = Pick<StoreData, 'contacts' | 'tickets' | 'ticketReplies' | 'ticketNotes' | 'projects' | 'projectTasks' | 'timeLogs' | 'projectMessages' | 'affiliates'>

const CONTACTS: ContactRecord[] = [
  { id: 1, clientId: 5, firstname: 'Harriet', lastname: 'Smith', email: 'accounts@smithandsons.example' },
  { id: 2, clientId: 2, firstname: 'Karin', lastname: 'Lindqvist', email: 'karin@angstrom-fysik.example' }
]

const nobody: Author = { clientId: 0, contactId: 0, userId: 0, name: '', email: '', adminName: '' }
const client = (clientId: number, extra: Partial<Author> = {}): Author => ({ ...nobody, clientId, ...extra })
const admin = (name: string): Author => ({ ...nobody, adminName: name })
const file = (stored: string, size: number): AttachmentRecord => ({ filename: stored.slice(stored.indexOf('_') + 1), stored, size })

type TicketSeed = Omit<TicketRecord, 'id' | 'cc' | 'preventClientClosure' | 'markdown' | 'customFields' | 'attachments' | 'attachmentsRemoved' | 'flag' | 'service'> &
  Partial<Pick<TicketRecord, 'cc' | 'attachments' | 'flag' | 'service' | 'attachmentsRemoved'>>

const TICKETS: TicketSeed[] = [
  {
    ...client(1),
    tid: 'KJD-482913',
    c: 'Qm7vT2xa',
    deptId: 1,
    date: '2024-02-12 08:14:03',
    subject: 'Mailbox stopped receiving mail',
    message: 'Hello,\r\n\r\nsince this morning no mail reaches zoe@… and senders get a bounce (attached).\r\n\r\nThanks, Zoë',
    status: 'Answered',
    priority: 'High',
    lastReply: '2024-02-12 10:02:45',
    attachments: [file('830142_bounce.txt', 412)]
  },
  {
    ...nobody,
    name: 'Kim Lee',
    email: 'kim.lee@example.org',
    tid: 'PRW-190357',
    c: 'bX4kLp9d',
    deptId: 3,
    date: '2024-03-01 16:40:00',
    subject: 'Pre-sales: VPS plans & "managed" backups',
    message: 'Do your VPS plans include managed backups? 🙂',
    status: 'Open',
    priority: 'Low',
    lastReply: '2024-03-01 16:40:00'
  },
  {
    ...client(5, { contactId: 1 }),
    tid: 'BVN-733051',
    c: 'Zr2hW8qe',
    deptId: 2,
    date: '2024-03-04 11:05:27',
    subject: 'Invoice address change',
    message: 'Please put our new address on future invoices: 88 Market Street, M1 1PW.',
    status: 'Customer-Reply',
    priority: 'Medium',
    lastReply: '2024-03-05 09:30:10',
    flag: 1,
    cc: 'margaret@smithandsons.example'
  },
  {
    ...client(2),
    tid: 'ABS-604218',
    c: 'Lq9sD3vn',
    deptId: 4,
    date: '2023-11-20 22:01:13',
    subject: 'Spam report for 203.0.113.9',
    message: 'A report about outgoing spam.',
    status: 'Closed',
    priority: 'Medium',
    lastReply: '2023-11-21 08:45:00'
  },
  {
    ...client(3),
    tid: 'MTX-358826',
    c: 'Ye5uR1cm',
    deptId: 1,
    date: '2024-03-06 07:55:48',
    subject: 'DNS for núñez.example',
    message: 'The A record does not resolve.',
    status: 'On Hold',
    priority: 'Low',
    lastReply: '2024-03-06 07:55:48',
    service: 'D2'
  },
  {
    ...client(10),
    tid: 'GHT-902467',
    c: 'Pn6jK4wz',
    deptId: 1,
    date: '2024-03-07 13:20:00',
    subject: 'Server load high',
    message: 'Our VPS is slow since the upgrade.',
    status: 'In Progress',
    priority: 'High',
    lastReply: '2024-03-07 15:12:31',
    service: 'S4',
    flag: 2
  }
]

const REPLIES: Array<Omit<TicketReplyRecord, 'id' | 'markdown' | 'attachmentsRemoved' | 'rating' | 'attachments'> & Partial<Pick<TicketReplyRecord, 'rating' | 'attachments'>>> = [
  { ...admin('Demo Admin'), ticketId: 1, date: '2024-02-12 09:47:12', message: 'Hello Zoë,\r\n\r\nyour mailbox was full; we raised its quota.\r\n\r\nDemo Admin', rating: 5 },
  { ...client(1), ticketId: 1, date: '2024-02-12 09:58:02', message: 'Thank you, mail arrives again.' },
  { ...admin('Jamie Okafor'), ticketId: 1, date: '2024-02-12 10:02:45', message: 'Glad to hear it!' },
  { ...client(5, { contactId: 1 }), ticketId: 3, date: '2024-03-05 09:30:10', message: 'Any news? Our finance team needs it by Friday.', attachments: [file('551902_letterhead.pdf', 20480)] },
  { ...admin('Lena Fischer'), ticketId: 4, date: '2023-11-21 08:45:00', message: 'The sender has been blocked; closing.' },
  { ...admin('Jamie Okafor'), ticketId: 6, date: '2024-03-07 15:12:31', message: 'We are looking at the host node.' }
]

const NOTES: Array<Omit<TicketNoteRecord, 'id' | 'attachmentsRemoved' | 'attachments'>> = [
  { ticketId: 1, adminName: 'Demo Admin', date: '2024-02-12 09:40:00', message: 'Quota was 1 GB; raised to 5 GB.' },
  { ticketId: 6, adminName: 'Jamie Okafor', date: '2024-03-07 14:00:00', message: 'Node vps-07 at 95% CPU <check backups>.' }
]

const PROJECTS: ProjectRecord[] = [
  { id: 1, clientId: 1, title: 'Mail platform upgrade', ticketIds: '1', invoiceIds: '', notes: 'Phase 1: mailboxes.', adminId: 1, status: 'In Progress', created: '2024-02-13', dueDate: '2024-04-30', completed: false, lastModified: '2024-03-02 13:59:01', watchers: '2' },
  { id: 2, clientId: 0, title: 'Datacentre migration', ticketIds: '', invoiceIds: '', notes: '', adminId: 2, status: 'Pending', created: '2024-03-01', dueDate: '2024-06-30', completed: false, lastModified: '2024-03-01 09:00:00', watchers: '' },
  { id: 3, clientId: 5, title: 'Smith & Sons website', ticketIds: '3', invoiceIds: '7,9', notes: 'Delivered.', adminId: 3, status: 'Completed', created: '2023-09-01', dueDate: '2023-12-15', completed: true, lastModified: '2023-12-14 17:30:00', watchers: '1,2' }
]

const TASKS: ProjectTaskRecord[] = [
  { id: 1, projectId: 1, task: 'Audit mailbox quotas', notes: '', adminId: 1, created: '2024-02-13 10:00:00', dueDate: '2024-02-20', completed: true, billed: false, order: 1 },
  { id: 2, projectId: 1, task: 'Migrate to the new cluster', notes: 'Weekend window.', adminId: 0, created: '2024-02-13 10:05:00', dueDate: '0000-00-00', completed: false, billed: false, order: 2 },
  { id: 3, projectId: 3, task: 'Design', notes: '', adminId: 3, created: '2023-09-01 09:00:00', dueDate: '2023-10-01', completed: true, billed: true, order: 1 }
]

const TIME_LOGS: TimeLogRecord[] = [
  // 2024-02-14 09:00:00 to 10:30:00 UTC, and 2024-02-15 14:00:00 to 14:45:00 UTC.
  { id: 1, projectId: 1, taskId: 1, adminId: 1, start: 1707901200, end: 1707906600, doNotBill: false },
  { id: 2, projectId: 1, taskId: 1, adminId: 2, start: 1708005600, end: 1708008300, doNotBill: true },
  { id: 3, projectId: 3, taskId: 3, adminId: 3, start: 1693558800, end: 1693573200, doNotBill: false }
]

const MESSAGES: ProjectMessageRecord[] = [
  { id: 1, projectId: 1, date: '2024-02-13 11:00:00', message: 'Kick-off done; client informed.', adminId: 1 },
  { id: 2, projectId: 3, date: '2023-12-14 17:30:00', message: 'Site live.', adminId: 3 }
]

const AFFILIATES: AffiliateRecord[] = [
  { id: 1, date: '2019-04-02', clientId: 1, visitors: 145, payType: 'percentage', payAmountCents: 1500, oneTime: true, balanceCents: 1500, withdrawnCents: 0, createdAt: '0000-00-00 00:00:00', updatedAt: '0000-00-00 00:00:00' },
  { id: 2, date: '2020-01-08', clientId: 4, visitors: 0, payType: '', payAmountCents: 0, oneTime: false, balanceCents: 0, withdrawnCents: 0, createdAt: '2020-01-08 12:00:00', updatedAt: '2020-01-08 12:00:00' },
  { id: 3, date: '2021-06-17', clientId: 10, visitors: 812, payType: 'fixedamount', payAmountCents: 500, oneTime: false, balanceCents: 4250, withdrawnCents: 10000, createdAt: '2021-06-17 08:30:00', updatedAt: '2024-01-31 23:59:59' }
]

export function supportSeed (): SupportSeed {
  return {
    contacts: CONTACTS.map(c => ({ ...c })),
    tickets: TICKETS.map((t, i) => ({
      cc: '',
      preventClientClosure: false,
      markdown: false,
      customFields: {},
      attachments: [],
      attachmentsRemoved: false,
      flag: 0,
      service: '',
      ...t,
      id: i + 1
    })),
    ticketReplies: REPLIES.map((r, i) => ({ markdown: false, attachmentsRemoved: false, rating: 0, attachments: [], ...r, id: i + 1 })),
    ticketNotes: NOTES.map((n, i) => ({ attachments: [], attachmentsRemoved: false, ...n, id: i + 1 })),
    projects: PROJECTS.map(p => ({ ...p })),
    projectTasks: TASKS.map(t => ({ ...t })),
    timeLogs: TIME_LOGS.map(l => ({ ...l })),
    projectMessages: MESSAGES.map(m => ({ ...m })),
    affiliates: AFFILIATES.map(a => ({ ...a }))
  }
}
