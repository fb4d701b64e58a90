// Parameter readers the billing actions share, with WHMCS's error texts.

import { ActionError, type Params } from '../../protocol/params.js'
import { parseCents } from '../../protocol/text.js'
import type { ClientRecord } from '../../store/clients.js'
import type { Store } from '../../store/index.js'
import type { InvoiceRecord } from '../../store/invoices.js'

/** A tax rate parameter ("20", "17.5") in hundredths of a percent; undefined when absent. */
export function readRate (params: Params, name: string): number | undefined {
  const text = params.str(name)
  if (text === undefined || text === '') return undefined
  const cents = parseCents(text)
  if (cents === undefined || cents < 0) throw new ActionError(`Invalid ${name}`)
  return cents
}

export function requireAmount (text: string | undefined, message: string): number {
  const cents = parseCents(text ?? '')
  if (cents === undefined) throw new ActionError(message)
  return cents
}

export function invoiceOr404 (store: Store, id: number | undefined): InvoiceRecord {
  const invoice = store.invoices.get(id ?? 0)
  if (invoice === undefined) throw new ActionError('Invoice ID Not Found')
  return invoice
}

export function clientOr404 (store: Store, id: number | undefined): ClientRecord {
  const client = store.clients.get(id ?? 0)
  if (client === undefined) throw new ActionError('Client ID Not Found')
  return client
}

/** A date parameter (YYYY-MM-DD, optionally with a time); undefined when absent. */
export function readDate (params: Params, name: string, message = 'Date Format is not Valid'): string | undefined {
  const text = params.str(name)
  if (text === undefined || text === '') return undefined
  if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(text)) throw new ActionError(message)
  return text
}
