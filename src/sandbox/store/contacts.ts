// Contacts of client accounts (tblcontacts): people who are not users but can open and answer
// tickets on an account's behalf.

import { Table } from './table.js'

export interface ContactRecord {
  id: number
  clientId: number
  firstname: string
  lastname: string
  email: string
}

export class ContactsTable extends Table<ContactRecord> {
  ofClient (clientId: number): ContactRecord[] {
    return this.filter(contact => contact.clientId === clientId)
  }
}
