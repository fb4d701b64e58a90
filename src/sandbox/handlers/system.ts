// System actions. WhmcsDetails is what the facade's readiness check calls, so the sandbox has it
// from the start; the rest of the System group comes with its issue.

import { WHMCS_VERSION } from '../render.js'
import type { HandlerGroup } from './types.js'

export const systemHandlers: HandlerGroup = {
  WhmcsDetails: () => ({
    result: 'success',
    whmcs: { version: WHMCS_VERSION, canonicalversion: `${WHMCS_VERSION}-release.1` }
  })
}
