// What paying an invoice does to the items it bills, as WHMCS does when an invoice becomes Paid:
// each service, service addon and domain a line bills is renewed, its next due date (and next
// invoice date) moving on by the period paid for, so the invoicing run bills the period after it.
// A line only renews its item while the item is still due on the date the line billed
// (InvoiceItemRecord.dueDate): an item already moved on, or whose date staff changed, stays put,
// so paying never moves a date twice. One-time and free items have no next period.

import { CYCLE_MONTHS, type Cycle } from '../store/catalogue.js'
import type { Store } from '../store/index.js'
import type { InvoiceRecord } from '../store/invoices.js'
import { addMonths, isoDateTime } from '../protocol/text.js'

/** The date one billing cycle after `date`; null for a one-time or free cycle, which has no next period. */
export function afterCycle (date: string, cycle: Cycle): string | null {
  return cycle === 'onetime' || cycle === 'free' ? null : addMonths(date, CYCLE_MONTHS[cycle])
}

/** Moves an item's next due date to `next`, and its next invoice date with it unless that is already later. */
function moveOn (item: { nextDueDate: string | null, nextInvoiceDate?: string | null }, next: string): void {
  item.nextDueDate = next
  if (item.nextInvoiceDate === undefined || item.nextInvoiceDate === null || item.nextInvoiceDate < next) item.nextInvoiceDate = next
}

/** Renews what a newly paid invoice bills (see the header). */
export function renewPaidItems (store: Store, invoice: InvoiceRecord): void {
  for (const line of invoice.items) {
    const paidFor = line.dueDate ?? invoice.dueDate
    if (line.type === 'Hosting' || line.type === 'Addon') {
      const item = line.type === 'Hosting' ? store.services.get(line.relId) : store.serviceAddons.get(line.relId)
      if (item === undefined || item.nextDueDate !== paidFor) continue
      const next = afterCycle(paidFor, item.cycle)
      if (next !== null) moveOn(item, next)
    } else if (line.type === 'Domain' || line.type === 'DomainRegister' || line.type === 'DomainTransfer') {
      const domain = store.domains.get(line.relId)
      if (domain === undefined || domain.nextDueDate !== paidFor) continue
      moveOn(domain, addMonths(paidFor, 12 * domain.period))
      // A renewal extends the registration too; a registration or transfer gets its expiry when it completes.
      if (line.type === 'Domain' && domain.expiryDate !== null) domain.expiryDate = addMonths(domain.expiryDate, 12 * domain.period)
    }
  }
}

/** Marks an invoice Paid at `at` and renews what it bills. */
export function markPaid (store: Store, invoice: InvoiceRecord, at: Date): void {
  invoice.status = 'Paid'
  invoice.datePaid = isoDateTime(at)
  renewPaidItems(store, invoice)
}
