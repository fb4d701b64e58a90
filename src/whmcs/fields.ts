// Field mappings between the API's camelCase vocabulary and WHMCS's parameter names. A resource
// declares each field once (API name, WHMCS name, type, description); the declaration yields the
// TypeBox schema for the field, the reader for WHMCS answers and the writer for WHMCS parameters.
import { Type, type Static, type TSchema } from 'typebox'
import type { FormValue } from './encode.js'
import { toBool, toDate, toEmail, toId, toInt, toMoney, toText } from './normalize.js'
import { int32, MoneyOut } from '../schemas/common.js'

/**
 * The longest text WHMCS keeps: its free-text fields are MySQL TEXT columns or narrower (65,535
 * bytes, so at most as many characters). A text field is bounded by this unless it declares its
 * own `maxLength`; input schemas that accept a field declare a tighter one where it is a line.
 */
export const WHMCS_TEXT_MAX = 65_535

export interface Field<S extends TSchema = TSchema> {
  /** WHMCS's name for the field: the parameter written, and the first key read. */
  whmcs: string
  /** Other keys WHMCS answers the same value under, read when `whmcs` is absent. */
  aliases: readonly string[]
  schema: S
  read: (value: unknown) => Static<S>
  write: (value: Static<S>) => FormValue
}

type Opts = { aliases?: readonly string[], examples?: unknown[] } & Record<string, unknown>

function field<S extends TSchema> (whmcs: string, schema: S, read: (v: unknown) => Static<S>, write: (v: Static<S>) => FormValue, aliases: readonly string[] = []): Field<S> {
  return { whmcs, aliases, schema, read, write }
}

const schemaOpts = (description: string, opts: Opts): Record<string, unknown> => {
  const { aliases: _aliases, ...rest } = opts
  return { description, ...rest }
}

/** Field constructors, one per kind of WHMCS value. */
export const f = {
  id: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Integer({ ...int32(1), ...schemaOpts(description, { examples: [1], ...opts }) }), (v) => toId(v, whmcs), (v) => v, opts.aliases),
  /** An optional reference where WHMCS uses 0 for "none" (group, currency...): 0 reads as null. */
  ref: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Union([Type.Integer(int32(1)), Type.Null()], schemaOpts(description, { examples: [1], ...opts })),
      (v) => { const n = toInt(v, whmcs); return n === null || n === 0 ? null : n },
      (v) => v ?? 0, opts.aliases),
  count: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Integer({ ...int32(0), ...schemaOpts(description, { examples: [0], ...opts }) }), (v) => toInt(v, whmcs) ?? 0, (v) => v, opts.aliases),
  text: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.String({ maxLength: WHMCS_TEXT_MAX, ...schemaOpts(description, opts) }), (v) => toText(v, whmcs), (v) => v, opts.aliases),
  /** An email address: text that must arrive as text (see toEmail). */
  email: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.String({ maxLength: WHMCS_TEXT_MAX, ...schemaOpts(description, opts) }), (v) => toEmail(v, whmcs), (v) => v, opts.aliases),
  enum: <const V extends readonly string[]>(whmcs: string, values: V, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Enum(values, schemaOpts(description, { type: 'string', examples: [values[0]], ...opts })),
      (v) => {
        const s = toText(v, whmcs)
        // WHMCS answers most in the declared spelling; other cases are matched case-insensitively.
        return (values.includes(s) ? s : values.find((x) => x.toLowerCase() === s.toLowerCase()) ?? s) as V[number]
      }, (v) => v as string, opts.aliases),
  money: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, { ...MoneyOut(description), ...schemaOpts(description, opts) },
      (v) => toMoney(v, whmcs) ?? '0.00', (v) => v, opts.aliases),
  bool: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Boolean(schemaOpts(description, opts)), (v) => toBool(v), (v) => v, opts.aliases),
  date: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()], schemaOpts(description, { examples: ['2026-11-28'], ...opts })),
      (v) => { const d = toDate(v); return d === null ? null : d.slice(0, 10) }, (v) => v, opts.aliases),
  dateTime: (whmcs: string, description: string, opts: Opts = {}) =>
    field(whmcs, Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}Z?)?$', maxLength: 20 }), Type.Null()], schemaOpts(description, { examples: ['2026-11-28T10:26:00'], ...opts })),
      (v) => toDate(v), (v) => v, opts.aliases),
  /** A structured value with its own reader and writer. */
  custom: <S extends TSchema>(whmcs: string, schema: S, read: (v: unknown) => Static<S>, write: (v: Static<S>) => FormValue = () => undefined, aliases: readonly string[] = []) =>
    field(whmcs, schema, read, write, aliases)
}

export type Fields = Record<string, Field>
export type Resource<M extends Fields> = { [K in keyof M]: Static<M[K]['schema']> }

type Reader = (record: Record<string, unknown>) => Record<string, unknown>

/**
 * Compiles a reader of the given fields: one function building the resource in one object
 * literal, each field read from WHMCS's key, or the first alias present, by name. Reading field
 * after field through keyed lookups (`raw[def.whmcs]`, `out[key] = ...`) cost ~2.5 µs a row of a
 * list, as much as JSON.parse and JSON.stringify of the row together; the compiled reader costs
 * a fifth of that or less (bench/RESULTS.md). Fastify's serializers and validators are compiled
 * the same way. The source holds only declared names, quoted by JSON.stringify, and no input.
 */
function compileReader (entries: ReadonlyArray<readonly [string, Field]>): Reader {
  const quote = JSON.stringify
  // A key present with any value, null included, wins over the aliases after it.
  const value = (def: Field): string => [def.whmcs, ...def.aliases]
    .reduceRight((rest, key) => `(r[${quote(key)}] !== undefined ? r[${quote(key)}] : ${rest})`, 'undefined')
  const properties = entries.map(([name, def], i) => {
    if (name === '__proto__') throw new Error('a field cannot be named __proto__')
    return `${quote(name)}: f[${i}].read(${value(def)})`
  })
  // eslint-disable-next-line no-new-func -- compiled once per field list, from declarations only (see above)
  const build = new Function('f', `return function read (r) {\n  return {\n    ${properties.join(',\n    ')}\n  }\n}`) as (f: Field[]) => Reader
  return build(entries.map(([, def]) => def))
}

/** A resource's field mapping, declared once and used in both directions. */
export class Mapping<M extends Fields> {
  /** Compiled readers by field list (the list's identity first, then its names). */
  readonly #readers = new WeakMap<readonly string[], Reader>()
  readonly #readersByNames = new Map<string, Reader>()
  readonly #all: readonly string[]

  constructor (readonly fields: M) {
    this.#all = Object.keys(fields)
  }

  /** Schema properties for the named fields, each required or optional as asked. */
  properties<K extends keyof M & string, O extends keyof M & string = never> (required: readonly K[], optional: readonly O[] = []) {
    const props: Record<string, TSchema> = {}
    for (const k of required) props[k] = this.fields[k].schema
    for (const k of optional) props[k] = Type.Optional(this.fields[k].schema)
    return props as { [P in K]: M[P]['schema'] } & { [P in O]: ReturnType<typeof Type.Optional<M[P]['schema']>> }
  }

  /** Reads the named fields from a WHMCS record (all declared fields when none are named). */
  read<K extends keyof M & string> (raw: unknown, keys?: readonly K[]): Pick<Resource<M>, K> {
    const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    return this.#reader(keys ?? this.#all)(record) as Pick<Resource<M>, K>
  }

  #reader (keys: readonly string[]): Reader {
    let reader = this.#readers.get(keys)
    if (reader === undefined) {
      const names = keys.join(',')
      reader = this.#readersByNames.get(names)
      if (reader === undefined) {
        reader = compileReader(keys.map((k) => {
          const def = this.fields[k]
          if (def === undefined) throw new Error(`no field named ${k}`)
          return [k, def] as const
        }))
        this.#readersByNames.set(names, reader)
      }
      this.#readers.set(keys, reader)
    }
    return reader
  }

  /** Writes the fields present in `input` as WHMCS parameters. */
  write (input: Partial<Resource<M>>): Record<string, FormValue> {
    const out: Record<string, FormValue> = {}
    for (const [k, v] of Object.entries(input)) {
      const def = this.fields[k]
      if (def === undefined || v === undefined) continue
      const encoded = def.write(v as Static<typeof def.schema>)
      if (encoded !== undefined) out[def.whmcs] = encoded
    }
    return out
  }
}

export const defineMapping = <M extends Fields>(fields: M): Mapping<M> => new Mapping(fields)
