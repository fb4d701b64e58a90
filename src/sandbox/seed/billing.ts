// The demo billing data, laid over the seeded orders: a transaction for each paid invoice, the
// credit log behind the clients' credit balances, stored pay methods (one card that the sandbox
// gateway declines) and quotes in several stages.

import type { Store } from '../store/index.js'
import { invoiceTotals, taxTermsFor, type TaxTerms } from '../store/invoices.js'
import type { QuoteRecord } from '../store/billing.js'

const QUOTES: Array<Omit<QuoteRecord, 'id' | keyof TaxTerms>> = [
  {
    subject: 'Mail migration for Smith & Sons',
    stage: 'Delivered',
    clientId: 5,
    firstname: '',
    lastname: '',
    companyname: '',
    email: '',
    state: '',
    country: '',
    currencyId: 3,
    validUntil: '2024-07-31',
    dateCreated: '2024-06-20',
    lastModified: '2024-06-21',
    proposal: 'Moving 25 mailboxes to the new platform.',
    customerNotes: '',
    adminNotes: '',
    items: [
      { id: 1, description: 'Mailbox migration', quantity: '25', unitPriceCents: 1200, discount: 0, taxable: true },
      { id: 2, description: 'Project management', quantity: '1', unitPriceCents: 15000, discount: 1000, taxable: true }
    ]
  },
  {
    subject: 'Managed VPS upgrade',
    stage: 'Draft',
    clientId: 1,
    firstname: '',
    lastname: '',
    companyname: '',
    email: '',
    state: '',
    country: '',
    currencyId: 3,
    validUntil: '2024-09-30',
    dateCreated: '2024-08-01',
    lastModified: '2024-08-01',
    proposal: '',
    customerNotes: 'Prices exclude VAT.',
    adminNotes: 'Follow up in August.',
    items: [{ id: 3, description: 'VPS memory upgrade (4 GB)', quantity: '1', unitPriceCents: 2499, discount: 0, taxable: true }]
  },
  {
    subject: 'Website redesign',
    stage: 'Accepted',
    clientId: 0,
    firstname: 'Grace',
    lastname: 'Hopper',
    companyname: 'Harbour Labs',
    email: 'grace@harbourlabs.example',
    state: 'MA',
    country: 'US',
    currencyId: 1,
    validUntil: '2024-03-31',
    dateCreated: '2024-02-01',
    lastModified: '2024-02-20',
    proposal: '',
    customerNotes: '',
    adminNotes: '',
    items: [{ id: 4, description: 'Design and build', quantity: '1', unitPriceCents: 250000, discount: 0, taxable: false }]
  }
]

export function seedBilling (store: Store): void {
  for (const invoice of store.invoices.all()) {
    if (invoice.status !== 'Paid' || invoice.datePaid === null) continue
    store.transactions.insert({
      clientId: invoice.clientId,
      invoiceId: invoice.id,
      date: invoice.datePaid,
      gateway: invoice.paymentMethod,
      transId: `TXN-${invoice.date.replaceAll('-', '')}-${invoice.id}`,
      description: `Invoice Payment (#${invoice.id})`,
      amountInCents: invoiceTotals(invoice).totalCents,
      feesCents: 0
    })
  }
  // The credit balances the clients were seeded with, as one log entry each.
  for (const client of store.clients.all()) {
    if (client.creditCents === 0) continue
    store.credits.insert({ clientId: client.id, date: client.dateCreated, description: 'Goodwill credit', amountCents: client.creditCents, relId: 0 })
  }
  store.payMethods.insert({ clientId: 1, type: 'RemoteCreditCard', description: 'Personal Visa', gateway: 'stripe', cardLastFour: '4242', cardType: 'Visa', expiryDate: '12/29', bankName: '', remoteToken: 'tok_sandbox_1', isDefault: true, lastUpdated: '2023-05-20 08:46:00' })
  store.payMethods.insert({ clientId: 2, type: 'RemoteCreditCard', description: 'Company card', gateway: 'stripe', cardLastFour: '1881', cardType: 'Visa', expiryDate: '06/28', bankName: '', remoteToken: 'tok_sandbox_2', isDefault: true, lastUpdated: '2024-01-08 16:21:00' })
  store.payMethods.insert({ clientId: 5, type: 'BankAccount', description: 'Business account', gateway: '', cardLastFour: '', cardType: '', expiryDate: '', bankName: 'Northern Bank', remoteToken: '', isDefault: true, lastUpdated: '2019-01-05 10:00:00' })
  store.payMethods.insert({ clientId: 5, type: 'RemoteCreditCard', description: 'Company Mastercard', gateway: 'stripe', cardLastFour: '4444', cardType: 'MasterCard', expiryDate: '03/30', bankName: '', remoteToken: 'tok_sandbox_4', isDefault: false, lastUpdated: '2024-06-18 12:05:00' })
  // Olivia's card is the one the sandbox gateway declines (it ends 0002).
  store.payMethods.insert({ clientId: 13, type: 'RemoteCreditCard', description: 'Studio card', gateway: 'stripe', cardLastFour: '0002', cardType: 'Visa', expiryDate: '09/27', bankName: '', remoteToken: 'tok_sandbox_5', isDefault: true, lastUpdated: '2024-03-02 23:12:00' })
  // Priced as CreateQuote prices a quote: at the install's rates where the client (or prospect) lives.
  for (const quote of QUOTES) store.quotes.insert({ ...structuredClone(quote), ...taxTermsFor(store, store.clients.get(quote.clientId) ?? { ...quote, taxExempt: false }) })
}
