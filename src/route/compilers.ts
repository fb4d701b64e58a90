// Fastify's validator and serializer factories for the service (see src/app.ts).
import AjvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler'
import { SerializerSelector, type SerializerFactory, type Serializer } from '@fastify/fast-json-stringify-compiler'

// Fastify asks the compiler factories for a compiler once per encapsulation context (each
// resource plugin), handing them a fresh copy of the shared schemas each time, and a test file
// builds many apps in one process. Both factories below keep their compilers across those calls,
// keyed by the shared schemas' content. Each schema object's JSON is taken once and interned as
// a number, so a key costs a lookup per schema, not the JSON of all of them per context
// (which, for the validators, @fastify/ajv-compiler's own pool key did: 0.4 s of start-up CPU).
const schemaNumbers = new WeakMap<object, number>()
const schemaTexts = new Map<string, number>()

function schemaNumber (schema: unknown): number {
  if (typeof schema !== 'object' || schema === null) return -1
  let number = schemaNumbers.get(schema)
  if (number === undefined) {
    const text = JSON.stringify(schema)
    number = schemaTexts.get(text)
    if (number === undefined) {
      number = schemaTexts.size
      schemaTexts.set(text, number)
    }
    schemaNumbers.set(schema, number)
  }
  return number
}

/** The shared schemas (by id and content) and the compiler options, as a key. */
function contextKey (externalSchemas: unknown, options: unknown): string {
  let key = JSON.stringify(options ?? null)
  for (const [id, schema] of Object.entries(externalSchemas ?? {}) as Array<[string, unknown]>) key += `\n${id}=${schemaNumber(schema)}`
  return key
}

/**
 * Validators that coerce only where text is all there is. A query string, a path or a header only
 * carries text, so "5" is read as 5 and a lone value as a list. A JSON body carries its own types:
 * an amount sent as the number 10.5 is refused (money is a decimal string; a number may already
 * have lost cents in the caller's float), as is an id sent as "5".
 */
export function textCoercingValidators (): ValidatorFactory {
  const factory = AjvCompiler()
  const compilers = new Map<string, ReturnType<ValidatorFactory>>()
  return (externalSchemas, options) => {
    const key = contextKey(externalSchemas, options)
    let compiler = compilers.get(key)
    if (compiler === undefined) {
      const coercing = factory(externalSchemas, options)
      // The service compiles JSON Schema (Ajv), never JTD, whose options have no coerceTypes.
      const ajvOptions = options as { customOptions?: Record<string, unknown> } | undefined
      const strict = factory(externalSchemas, { ...ajvOptions, customOptions: { ...ajvOptions?.customOptions, coerceTypes: false } })
      compiler = (route) => (route.httpPart === 'body' ? strict(route) : coercing(route))
      compilers.set(key, compiler)
    }
    return compiler
  }
}

/**
 * Fastify's response serializer factory, compiling each distinct response schema once per
 * process. Every declared route answers the same Problem schema under a dozen statuses, and
 * Fastify compiles a serializer per route and status: 133 compilations at start-up for 12
 * distinct schemas, ~120 ms of CPU and ~5 MB of resident memory (bench/RESULTS.md). The compiled
 * serializers are kept across Fastify's calls (see contextKey), told apart by the shared schemas,
 * the serializer options and the JSON of the route's schema. Each is compiled with only the
 * shared schemas it refers to (fast-json-stringify checks every shared schema it is given against
 * the JSON Schema meta-schema on every compilation), and with its nullables as type lists (see
 * nullableAsTypeList).
 */
export function sharedSerializers (): SerializerFactory {
  const factory = SerializerSelector()
  const compiled = new Map<string, Serializer>()
  // Each distinct context key, as a short number for the serializers' keys.
  const contexts = new Map<string, number>()
  // The serialization form of each shared schema (see nullableAsTypeList), made once.
  const forSerialization = new WeakMap<object, unknown>()
  return (externalSchemas, options) => {
    const text = contextKey(externalSchemas, options)
    let context = contexts.get(text)
    if (context === undefined) {
      context = contexts.size
      contexts.set(text, context)
    }
    const prefix = `${context}\n`
    const shared = (externalSchemas ?? {}) as Record<string, unknown>
    const serializable = (id: string): unknown => {
      const schema = shared[id] as object
      let out = forSerialization.get(schema)
      if (out === undefined) {
        out = nullableAsTypeList(schema)
        forSerialization.set(schema, out)
      }
      return out
    }
    return (route) => {
      const key = prefix + JSON.stringify(route.schema)
      let serializer = compiled.get(key)
      if (serializer === undefined) {
        const referenced = Object.fromEntries([...referencedIds(route.schema, shared)].map((id) => [id, serializable(id)]))
        serializer = factory(referenced, options)({ ...route, schema: nullableAsTypeList(route.schema) })
        compiled.set(key, serializer)
      }
      return serializer
    }
  }
}

/**
 * The ids of the shared schemas a schema refers to (`$ref: 'Client'` or `'Client#/…'`), directly
 * or through the shared schemas it refers to. A reference to no shared schema is left for the
 * compiler to report.
 */
export function referencedIds (schema: unknown, shared: Record<string, unknown>): Set<string> {
  const ids = new Set<string>()
  const pending: unknown[] = [schema]
  while (pending.length > 0) {
    const node = pending.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      pending.push(...node)
      continue
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0]
        if (id !== '' && !ids.has(id) && id in shared) {
          ids.add(id)
          pending.push(shared[id])
        }
      } else if (typeof value === 'object') {
        pending.push(value)
      }
    }
  }
  return ids
}

const SCALAR_TYPES: ReadonlySet<unknown> = new Set(['string', 'integer', 'number', 'boolean'])
const COMPOSITE_KEYWORDS = ['$ref', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'enum', 'const']

const isNullSchema = (s: unknown): boolean =>
  typeof s === 'object' && s !== null && Object.keys(s).length === 1 && (s as { type?: unknown }).type === 'null'

const isScalarSchema = (s: unknown): s is { type: string } =>
  typeof s === 'object' && s !== null && SCALAR_TYPES.has((s as { type?: unknown }).type) && COMPOSITE_KEYWORDS.every((k) => !(k in s))

/**
 * A copy of a schema with each nullable scalar, which TypeBox writes `anyOf: [<scalar>, null]`,
 * written as a type list (`type: [<scalar>, 'null']`), for serialization only: fast-json-stringify
 * picks an anyOf branch by running a validator on the value, and a type list by its type. The list
 * route's rows went from 1.9 to 0.7 µs each, faster than JSON.stringify (bench/RESULTS.md). The
 * OpenAPI document and the request validators keep the schemas as declared; the answers are the
 * same text.
 */
export function nullableAsTypeList (schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypeList)
  if (typeof schema !== 'object' || schema === null) return schema
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) out[key] = nullableAsTypeList(value)
  const { anyOf, ...rest } = out
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex(isNullSchema)
    const other: unknown = anyOf[1 - nullAt]
    if (nullAt !== -1 && isScalarSchema(other)) return { ...rest, ...other, type: [other.type, 'null'] }
  }
  return out
}
