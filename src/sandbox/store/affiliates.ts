// Affiliates (tblaffiliates): client accounts paid commission on the business they refer.

import { Table } from './table.js'

export type PayType = '' | 'percentage' | 'fixedamount'

export interface AffiliateRecord {
  id: number
  /** 'YYYY-MM-DD': when the client became an affiliate. */
  date: string
  clientId: number
  visitors: number
  /** '' uses the system's commission setting. */
  payType: PayType
  payAmountCents: number
  oneTime: boolean
  balanceCents: number
  withdrawnCents: number
  /** 'YYYY-MM-DD HH:MM:SS'; '0000-00-00 00:00:00' on records older than WHMCS 8. */
  createdAt: string
  updatedAt: string
}

export class AffiliatesTable extends Table<AffiliateRecord> {
  ofClient (clientId: number): AffiliateRecord | undefined {
    return this.find(affiliate => affiliate.clientId === clientId)
  }
}
