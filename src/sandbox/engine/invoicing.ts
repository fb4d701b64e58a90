// The invoicing run (GenInvoices; WHMCS's daily cron does the same): every service, service addon
// and domain whose next due date falls within the install's invoice-generation days is billed,
// each for the period starting on that date and never twice for the same one. A client's lines
// with the same due date and payment method share an invoice, unless the client wants separate
// invoices. Called with named items, only those are billed, due or not (WHMCS's "invoice early").

import { periodText } from './pricing.js'
import { parseInt10 } from '../protocol/params.js'
import { afterCycle } from './renewals.js'
import { CYCLE_LABELS, CYCLE_MONTHS, type Cycle } from '../store/catalogue.js'
import type { ClientRecord } from '../store/clients.js'
import type { DomainRecord } from '../store/domains.js'
import type { Store } from '../store/index.js'
import { findGateway, PAYMENT_GATEWAYS, taxTermsFor, type InvoiceItemRecord, type InvoiceItemType, type InvoiceRecord } from '../store/invoices.js'
import type { ServiceAddonRecord, ServiceRecord, ServiceStatus } from '../store/services.js'
import { addDays, addMonths, compareCollated } from '../protocol/text.js'

/** What a run bills. */
export interface InvoicingRun {
  /** Only this client's items (0: every client's). */
  clientId: number
  /** The items the call named (serviceids, addonids, domainids): only these are billed, due or not. */
  only?: { services: ReadonlySet<number>, addons: ReadonlySet<number>, domains: ReadonlySet<number> }
}

/** The statuses in which services and addons are billed; domains are billed while Pending or Active. */
const BILLED_STATUSES: readonly ServiceStatus[] = ['Pending', 'Active', 'Suspended']

const DOMAIN_TYPES: readonly InvoiceItemType[] = ['Domain', 'DomainRegister', 'DomainTransfer']

interface DueLine {
  clientId: number
  paymentMethod: string
  line: Omit<InvoiceItemRecord, 'id'> & { dueDate: string }
  /** Moves the item's next invoice date on by the period billed (continuous invoice generation). */
  advance: () => void
}

/** A days-before setting when it is set to more than 0 (WHMCS falls back to the general one otherwise). */
function positiveDays (store: Store, name: string): number | undefined {
  const days = parseInt10(store.settings.value(name))
  return days > 0 ? days : undefined
}

/** Invoices what is due; answers the invoices made, in the order they were made. */
export function runInvoicing (store: Store, run: InvoicingRun, today: string): InvoiceRecord[] {
  const continuous = store.settings.flag('ContinuousInvoiceGeneration')
  const generalDays = parseInt10(store.settings.value('CreateInvoiceDaysBefore'))
  const horizon = (cycle: Cycle): string =>
    addDays(today, positiveDays(store, `CreateInvoiceDaysBefore${CYCLE_LABELS[cycle].replace('-', '')}`) ?? generalDays)
  const domainHorizon = addDays(today, positiveDays(store, 'CreateDomainInvoiceDaysBefore') ?? generalDays)
  const taxOn = store.settings.flag('TaxEnabled')
  const ofClient = (clientId: number): boolean => run.clientId === 0 || clientId === run.clientId
  // Billed already: a line of any invoice for the same item and due date.
  const billed = (types: readonly InvoiceItemType[], relId: number, dueDate: string): boolean =>
    store.invoices.all().some(invoice => invoice.items.some(item => types.includes(item.type) && item.relId === relId && (item.dueDate ?? invoice.dueDate) === dueDate))
  // The date a run bills from: the next due date, or the next invoice date with continuous invoice generation.
  const billingDate = (item: { nextDueDate: string | null, nextInvoiceDate?: string | null }): string | null =>
    item.nextDueDate === null ? null : continuous ? (item.nextInvoiceDate ?? item.nextDueDate) : item.nextDueDate
  const lines: DueLine[] = []

  // Due: billable and within the days ahead (a one-time item once it is billable); named items are billed regardless.
  const due = (item: { status: ServiceStatus, cycle: Cycle }, date: string): boolean =>
    BILLED_STATUSES.includes(item.status) && (item.cycle === 'onetime' || date <= horizon(item.cycle))
  const domainDue = (d: DomainRecord, date: string): boolean =>
    (d.status === 'Pending' || (d.status === 'Active' && !d.doNotRenew)) && date <= domainHorizon

  const addonLine = (a: ServiceAddonRecord, service: ServiceRecord): void => {
    const date = billingDate(a)
    if (a.cycle === 'free' || date === null || !(run.only?.addons.has(a.id) ?? due(a, date)) || billed(['Addon'], a.id, date)) return
    const months = a.cycle === 'onetime' ? 0 : CYCLE_MONTHS[a.cycle]
    lines.push({
      clientId: service.clientId,
      paymentMethod: a.paymentMethod,
      line: {
        type: 'Addon',
        relId: a.id,
        description: `${a.name}${service.domain === '' ? '' : ` - ${service.domain}`}${months === 0 ? '' : periodText(date, months)}`,
        amountCents: a.recurringCents + (a.regDate === date ? a.setupCents : 0),
        taxed: taxOn && (store.productAddons.get(a.addonId)?.taxed ?? false),
        dueDate: date
      },
      advance: () => { a.nextInvoiceDate = afterCycle(date, a.cycle) }
    })
  }

  // In WHMCS's order: services by domain, each followed by its addons, then domains.
  const services = store.services.filter(s => ofClient(s.clientId)).sort((a, b) => compareCollated(a.domain, b.domain))
  for (const s of services) {
    const date = billingDate(s)
    if (s.cycle !== 'free' && date !== null && (run.only?.services.has(s.id) ?? due(s, date)) && !billed(['Hosting'], s.id, date)) {
      const product = store.products.get(s.productId)
      const group = product === undefined ? undefined : store.productGroups.get(product.groupId)
      const months = s.cycle === 'onetime' ? 0 : CYCLE_MONTHS[s.cycle]
      lines.push({
        clientId: s.clientId,
        paymentMethod: s.paymentMethod,
        line: {
          type: 'Hosting',
          relId: s.id,
          description: `${group === undefined ? '' : `${group.name} - `}${product?.name ?? ''}${s.domain === '' ? '' : ` - ${s.domain}`}${months === 0 ? '' : periodText(date, months)}`,
          // The first period is charged the first payment (with its setup fee), later ones the recurring amount.
          amountCents: s.regDate === date ? s.firstPaymentCents : s.recurringCents,
          taxed: taxOn && (product?.taxed ?? false),
          dueDate: date
        },
        advance: () => { s.nextInvoiceDate = afterCycle(date, s.cycle) }
      })
    }
    // A service's addons follow it on the invoice.
    for (const a of store.serviceAddons.ofService(s.id).sort((a, b) => compareCollated(a.name, b.name))) addonLine(a, s)
  }

  for (const d of store.domains.filter(d => ofClient(d.clientId)).sort((a, b) => compareCollated(a.domain, b.domain))) {
    const date = billingDate(d)
    if (date === null || !(run.only?.domains.has(d.id) ?? domainDue(d, date)) || billed(DOMAIN_TYPES, d.id, date)) continue
    // Until it is registered (or transferred in), a domain is billed its first payment.
    const first = d.status === 'Pending' || d.registrationDate === date
    const what = !first ? 'Renewal' : d.type === 'Transfer' ? 'Transfer' : 'Registration'
    lines.push({
      clientId: d.clientId,
      paymentMethod: d.paymentMethod,
      line: {
        type: !first ? 'Domain' : d.type === 'Transfer' ? 'DomainTransfer' : 'DomainRegister',
        relId: d.id,
        description: `Domain ${what} - ${d.domain} - ${d.period} Year/s${periodText(first ? date : (d.expiryDate ?? date), 12 * d.period)}`,
        amountCents: first ? d.firstPaymentCents : d.recurringCents,
        taxed: taxOn && store.settings.flag('TaxDomains'),
        dueDate: date
      },
      advance: () => { d.nextInvoiceDate = addMonths(date, 12 * d.period) }
    })
  }

  // One invoice per client, due date and payment method; one per line for a client who wants
  // separate invoices (not when the call named the items). Earliest due date first.
  const groups = new Map<string, { client: ClientRecord, dueDate: string, paymentMethod: string, lines: DueLine[] }>()
  lines.forEach((due, index) => {
    const client = store.clients.get(due.clientId)
    if (client === undefined) return
    // A gateway no longer active gives way to the client's default, as WHMCS does.
    const paymentMethod = findGateway(due.paymentMethod)?.module ?? (client.defaultGateway !== '' ? client.defaultGateway : PAYMENT_GATEWAYS[0].module)
    const key = client.separateInvoices && run.only === undefined ? `line ${index}` : `${client.id} ${due.line.dueDate} ${paymentMethod}`
    const group = groups.get(key) ?? { client, dueDate: due.line.dueDate, paymentMethod, lines: [] }
    group.lines.push(due)
    groups.set(key, group)
  })
  const created: InvoiceRecord[] = []
  for (const { client, dueDate, paymentMethod, lines: group } of [...groups.values()].sort((a, b) => a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)) {
    let nextId = store.invoices.nextItemId()
    created.push(store.invoices.insert({
      clientId: client.id,
      invoiceNum: '',
      date: today,
      dueDate,
      datePaid: null,
      status: 'Unpaid',
      paymentMethod,
      currencyId: client.currency,
      ...taxTermsFor(store, client),
      creditCents: 0,
      paidCents: 0,
      notes: '',
      items: group.map(due => ({ ...due.line, id: nextId++ }))
    }))
    if (continuous) for (const due of group) due.advance()
  }
  return created
}
