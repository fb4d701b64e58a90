// Billing actions: invoices (GetInvoices, GetInvoice, CreateInvoice, UpdateInvoice), payments
// (AddInvoicePayment, CapturePayment), GenInvoices, credit (GetCredits, AddCredit), stored pay
// methods (GetPayMethods, AddPayMethod) and quotes (GetQuotes, CreateQuote). Money is integer
// cents in the store and WHMCS's decimal strings on the wire.
//
// One WHMCS group in three files: invoices.ts, payments.ts (with credit and pay methods) and
// quotes.ts.

import type { HandlerGroup } from '../types.js'
import { invoiceHandlers } from './invoices.js'
import { paymentHandlers } from './payments.js'
import { quoteHandlers } from './quotes.js'

export const billingHandlers: HandlerGroup = { ...invoiceHandlers, ...paymentHandlers, ...quoteHandlers }
