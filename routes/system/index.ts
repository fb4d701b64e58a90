// /system: the WHMCS installation, its business figures and its general settings. Settings are
// the most dangerous thing the API reaches (a changed SystemURL or mail server moves a whole
// business), so only those on CONFIG_SETTINGS_ALLOWED may be read or written, with system:write
// for writes.
import { HttpProblem } from '../../src/problems/catalogue.js'
import { itemRoute, resource, type AnyRoute } from '../../src/route/index.js'
import { ref } from '../../src/schemas/common.js'
import { ConfigurationValue, ConfigurationValueSet, ConfigurationValueUpdate, SettingPath, Stats, StatsQuery, STATS_KEYS, SystemDetails, statsFields } from './schemas.js'
import { toBool, toText } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'System'

export interface SystemRoutesOptions {
  /** The settings that may be read or written (CONFIG_SETTINGS_ALLOWED). */
  configSettingsAllowed: readonly string[]
}

const FORBIDDEN_SETTING = 'The API key lacks the scope this operation needs, or may not be used from this address; or the setting is not on the service\'s allow-list (CONFIG_SETTINGS_ALLOWED, empty by default)'

export function routes (opts: SystemRoutesOptions): AnyRoute[] {
  const allowed = new Set(opts.configSettingsAllowed)
  const onAllowList = ({ params }: { params: { setting: string } }): void => {
    if (!allowed.has(params.setting)) {
      throw new HttpProblem('FORBIDDEN', `The setting ${params.setting} is not on this service's allow-list of settings (CONFIG_SETTINGS_ALLOWED), so it may be neither read nor written through the API.`)
    }
  }
  return [
    itemRoute({
      method: 'GET',
      url: '/system',
      operationId: 'getSystem',
      summary: 'Get the WHMCS installation',
      description: 'Returns the version of the WHMCS installation behind the service. WHMCS\'s behaviour differs between versions (users apart from clients since 8.0, for one).',
      group,
      action: 'WhmcsDetails',
      cache: true,
      status: 200,
      response: ref(SystemDetails),
      responseDescription: 'The installation',
      request: () => ({}),
      map: (raw) => ({ version: toText(raw.whmcs?.version), canonicalVersion: toText(raw.whmcs?.canonicalversion) })
    }),

    itemRoute({
      method: 'GET',
      url: '/system/stats',
      operationId: 'getSystemStats',
      summary: 'Get business statistics',
      description: 'Returns the figures of the WHMCS dashboard: income, orders, tickets and pending work; with `timelineDays`, also the figures of each recent day. Income is given as WHMCS formats it, with its amount and currency read from that where the format allows.',
      group,
      action: 'GetStats',
      query: StatsQuery,
      status: 200,
      response: ref(Stats),
      responseDescription: 'The figures',
      request: ({ query }) => ({ timeline_days: query.timelineDays }),
      map: (raw, { query }) => {
        const stats = statsFields.read(raw, STATS_KEYS)
        return query.timelineDays === undefined ? stats : { ...stats, timeline: statsFields.fields.timeline.read(raw.timeline_data) }
      }
    }),

    itemRoute({
      method: 'GET',
      url: '/system/configuration/:setting',
      operationId: 'getConfigurationValue',
      summary: 'Read a general setting',
      description: 'Returns the value of a WHMCS general setting. Only settings on the service\'s allow-list (`CONFIG_SETTINGS_ALLOWED`, empty by default) may be read; any other is refused with 403 without asking WHMCS.',
      group,
      action: 'GetConfigurationValue',
      params: SettingPath,
      status: 200,
      response: ref(ConfigurationValue),
      responseDescription: 'The setting and its value',
      guard: onAllowList,
      problems: { 403: FORBIDDEN_SETTING, 404: 'WHMCS has no setting of this name' },
      request: ({ params }) => ({ setting: params.setting }),
      map: (raw, { params }) => ({ setting: raw.setting === undefined ? params.setting : toText(raw.setting), value: toText(raw.value) })
    }),

    itemRoute({
      method: 'PUT',
      url: '/system/configuration/:setting',
      operationId: 'setConfigurationValue',
      summary: 'Change a general setting',
      description: 'Sets a WHMCS general setting, the most far-reaching change the API can make. Only settings on the service\'s allow-list (`CONFIG_SETTINGS_ALLOWED`, empty by default) may be written; any other is refused with 403 without asking WHMCS.',
      group,
      action: 'SetConfigurationValue',
      params: SettingPath,
      body: ref(ConfigurationValueUpdate),
      status: 200,
      response: ref(ConfigurationValueSet),
      responseDescription: 'The setting was set',
      guard: onAllowList,
      problems: { 403: FORBIDDEN_SETTING, 404: 'WHMCS has no setting of this name' },
      request: ({ params, body }) => ({ setting: params.setting, value: body.value }),
      map: (raw, { params, body }) => ({ setting: params.setting, value: body.value, changed: toBool(raw.value_changed, true) })
    })
  ]
}

export default resource({ schemas, routes: ({ settings }) => routes({ configSettingsAllowed: settings.configSettingsAllowed }) })
