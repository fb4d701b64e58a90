// Client services (tblhosting), their addons (tblhostingaddons) and the servers they live on
// (tblservers). Amounts are integer cents in the client's currency.

import type { Cycle } from './catalogue.js'
import { Table } from './table.js'

export type ServiceStatus = 'Pending' | 'Active' | 'Suspended' | 'Terminated' | 'Cancelled' | 'Fraud' | 'Completed'
export const SERVICE_STATUSES: readonly ServiceStatus[] = ['Pending', 'Active', 'Suspended', 'Terminated', 'Cancelled', 'Fraud', 'Completed']

export interface ServiceRecord {
  id: number
  clientId: number
  orderId: number
  productId: number
  serverId: number
  /** 'YYYY-MM-DD' */
  regDate: string
  domain: string
  paymentMethod: string
  /** Charged on the first invoice (setup fee included). */
  firstPaymentCents: number
  /** Charged every cycle (0 for one-time and free services). */
  recurringCents: number
  cycle: Cycle
  /** 'YYYY-MM-DD', or null for services that are never invoiced again. */
  nextDueDate: string | null
  nextInvoiceDate: string | null
  status: ServiceStatus
  username: string
  password: string
  dedicatedIp: string
  /** Config option id -> chosen sub-option id, or quantity (yes/no: 1 or 0). */
  configOptions: Record<string, number>
  /** Product custom field id -> value. */
  customFields: Record<string, string>
  promotionId: number
  quantity: number
  subscriptionId: string
  suspendReason: string
  terminationDate: string | null
  /** Whether the automatic suspension of overdue services skips this one (tblhosting.overideautosuspend). */
  overrideAutoSuspend: boolean
  /** 'YYYY-MM-DD' until which it is skipped, or null for no end. */
  overrideSuspendUntil: string | null
  notes: string
  /**
   * The product whose package the module account was last created or changed to; absent: the
   * service's own product. UpdateClientProduct changes the product, ModuleChangePackage follows.
   */
  packageProductId?: number
}

export type ServiceAddonStatus = ServiceStatus
export interface ServiceAddonRecord {
  id: number
  orderId: number
  serviceId: number
  addonId: number
  name: string
  setupCents: number
  recurringCents: number
  cycle: Cycle
  status: ServiceAddonStatus
  regDate: string
  nextDueDate: string | null
  /** Where continuous invoice generation bills from next; the next due date when absent. */
  nextInvoiceDate?: string | null
  paymentMethod: string
}

export interface ServerRecord {
  id: number
  name: string
  hostname: string
  ipAddress: string
  module: string
  /** Nameservers of the server, for welcome emails. */
  nameservers: string[]
  /** The server new services of its module go to. */
  isDefault: boolean
  disabled: boolean
}

export class ServicesTable extends Table<ServiceRecord> {
  ofOrder (orderId: number): ServiceRecord[] {
    return this.filter(s => s.orderId === orderId)
  }

  ofClient (clientId: number): ServiceRecord[] {
    return this.filter(s => s.clientId === clientId)
  }
}

export class ServiceAddonsTable extends Table<ServiceAddonRecord> {
  ofOrder (orderId: number): ServiceAddonRecord[] {
    return this.filter(a => a.orderId === orderId)
  }

  ofService (serviceId: number): ServiceAddonRecord[] {
    return this.filter(a => a.serviceId === serviceId)
  }
}

export class ServersTable extends Table<ServerRecord> {
  /** The server new services of a module are created on. */
  defaultFor (module: string): ServerRecord | undefined {
    const candidates = this.filter(s => s.module === module && !s.disabled)
    return candidates.find(s => s.isDefault) ?? candidates[0]
  }
}
