// A resource is one folder of routes/: `schemas.ts` (its WHMCS actions' types, field mappings and
// schemas) and `index.ts`, whose default export is `resource({ schemas, routes })`. The app finds
// every folder of routes/ (loadResources) and registers them all in one encapsulation context, so
// no list has to be kept by hand and each distinct schema compiles once.
import { readdir } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { TSchema } from 'typebox'
import type { AppSettings } from '../config.js'
import type { AnyRoute } from './define.js'

/** What a resource's routes may be built from: the service's settings, and the instance (for budgets). */
export interface ResourceContext {
  fastify: FastifyInstance
  settings: AppSettings
}

export type NamedSchema = TSchema & { $id: string }

export interface Resource {
  /** The named schemas (OpenAPI components) the resource declares. */
  schemas: readonly NamedSchema[]
  routes: (context: ResourceContext) => readonly AnyRoute[]
}

const RESOURCE = Symbol('whmcs-rest resource')

const isNamed = (value: unknown): value is NamedSchema =>
  typeof value === 'object' && value !== null && typeof (value as { $id?: unknown }).$id === 'string'

/**
 * Declares a resource. `schemas` is its `schemas.ts` module (`import * as schemas`): every export
 * with an `$id` is one of its components, so declaring a component there is all it takes.
 */
export function resource (def: { schemas?: Record<string, unknown>, routes: readonly AnyRoute[] | ((context: ResourceContext) => readonly AnyRoute[]) }): Resource {
  const { routes } = def
  return {
    [RESOURCE]: true,
    schemas: Object.values(def.schemas ?? {}).filter(isNamed),
    routes: typeof routes === 'function' ? routes : () => routes
  } as Resource
}

const isResource = (value: unknown): value is Resource =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOURCE] === true

let loaded: Promise<Resource[]> | undefined

/** Every resource of routes/, in the order of their folder names; loaded once per process. */
export async function loadResources (): Promise<Resource[]> {
  loaded ??= (async () => {
    const folders = (await readdir(new URL('../../routes/', import.meta.url), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
    return await Promise.all(folders.map(async (folder) => {
      const module = await import(`../../routes/${folder}/index.js`) as { default?: unknown }
      if (!isResource(module.default)) throw new Error(`routes/${folder}/index: the default export must be resource({ schemas, routes })`)
      return module.default
    }))
  })()
  return await loaded
}

/** The components of the given resources, each once; two different schemas with one name are refused. */
export function componentsOf (common: readonly NamedSchema[], resources: readonly Resource[]): NamedSchema[] {
  const byId = new Map<string, NamedSchema>()
  for (const schema of [...common, ...resources.flatMap((r) => r.schemas)]) {
    const seen = byId.get(schema.$id)
    if (seen !== undefined && seen !== schema) throw new Error(`Schema component ${schema.$id} is declared twice`)
    byId.set(schema.$id, schema)
  }
  return [...byId.values()]
}
