// Billing records around invoices: payment transactions (tblaccounts), the credit log
// (tblcredit), stored pay methods (tblpaymethods with their card or bank details) and quotes
// (tblquotes with tblquoteitems). Amounts are integer cents in the client's currency.

import type { TaxTerms } from './invoices.js'
import { Table } from './table.js'

export interface TransactionRecord {
  id: number
  clientId: number
  invoiceId: number
  /** 'YYYY-MM-DD HH:MM:SS' */
  date: string
  gateway: string
  transId: string
  description: string
  amountInCents: number
  feesCents: number
}

export interface CreditRecord {
  id: number
  clientId: number
  /** 'YYYY-MM-DD' */
  date: string
  description: string
  /** Positive for credit added, negative for credit removed or applied. */
  amountCents: number
  /** The invoice the credit was applied to or came from (0 for none). */
  relId: number
}

export type PayMethodType = 'CreditCard' | 'RemoteCreditCard' | 'BankAccount' | 'RemoteBankAccount'

export interface PayMethodRecord {
  id: number
  clientId: number
  type: PayMethodType
  description: string
  gateway: string
  /** Only the last four digits are ever kept: the sandbox stores no card number. */
  cardLastFour: string
  cardType: string
  /** 'MM/YY' */
  expiryDate: string
  bankName: string
  remoteToken: string
  isDefault: boolean
  /** 'YYYY-MM-DD HH:MM:SS' */
  lastUpdated: string
}

export const QUOTE_STAGES = ['Draft', 'Delivered', 'On Hold', 'Accepted', 'Lost', 'Dead'] as const
export type QuoteStage = typeof QUOTE_STAGES[number]

export interface QuoteItemRecord {
  id: number
  description: string
  /** The quantity as WHMCS keeps it (a decimal string). */
  quantity: string
  unitPriceCents: number
  /** Discount in hundredths of a percent. */
  discount: number
  taxable: boolean
}

/** A quote, with the tax terms it was priced with when it was saved. */
export interface QuoteRecord extends TaxTerms {
  id: number
  subject: string
  stage: QuoteStage
  clientId: number
  firstname: string
  lastname: string
  companyname: string
  email: string
  /** Where a prospect lives (a client's quote is taxed where the client lives). */
  state: string
  /** Two-letter country code, or ''. */
  country: string
  currencyId: number
  /** 'YYYY-MM-DD' */
  validUntil: string
  dateCreated: string
  lastModified: string
  proposal: string
  customerNotes: string
  adminNotes: string
  items: QuoteItemRecord[]
}

export class TransactionsTable extends Table<TransactionRecord> {
  ofInvoice (invoiceId: number): TransactionRecord[] {
    return this.filter(t => t.invoiceId === invoiceId)
  }
}

export class CreditsTable extends Table<CreditRecord> {
  ofClient (clientId: number): CreditRecord[] {
    return this.filter(c => c.clientId === clientId)
  }
}

export class PayMethodsTable extends Table<PayMethodRecord> {
  ofClient (clientId: number): PayMethodRecord[] {
    return this.filter(p => p.clientId === clientId)
  }
}

export class QuotesTable extends Table<QuoteRecord> {}
