// Validates every answer against the response schema its route declares, in tests. Fastify's
// serializer (fast-json-stringify) coerces rather than validates, so without this a value of the
// wrong type could leave the service unnoticed. Any mismatch turns the answer into a 500, which
// fails the test that made the request.
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { componentsOf, loadResources } from '../../src/route/resource.js'
import { COMMON_COMPONENTS } from '../../src/schemas/common.js'

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv

type ResponseSchemas = Record<string, { content?: Record<string, { schema?: object }>, type?: string } & object>

// One Ajv for the process: a test file builds many apps, whose routes declare equal schemas as
// new objects, so a validator is looked up by the schema object, then by its JSON.
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
for (const schema of componentsOf(COMMON_COMPONENTS, await loadResources())) ajv.addSchema(schema)
const compiled = new WeakMap<object, ValidateFunction>()
const compiledByText = new Map<string, ValidateFunction>()

function validatorOf (schema: object): ValidateFunction {
  let validate = compiled.get(schema)
  if (validate === undefined) {
    const text = JSON.stringify(schema)
    validate = compiledByText.get(text) ?? ajv.compile(schema)
    compiledByText.set(text, validate)
    compiled.set(schema, validate)
  }
  return validate
}

export function validateResponses (fastify: FastifyInstance): void {
  // The error answer that a mismatch causes is not checked again, so its message survives.
  const failed = new WeakSet<object>()
  const fail = (request: object, message: string): Error => {
    failed.add(request)
    return new Error(message)
  }

  fastify.addHook('onSend', async (request, reply, payload) => {
    const responses = request.routeOptions.schema?.response as ResponseSchemas | undefined
    if (responses === undefined || typeof payload !== 'string' || payload === '' || failed.has(request)) return payload
    const declared = responses[String(reply.statusCode)]
    if (declared === undefined) throw fail(request, `${request.method} ${request.url} answered ${reply.statusCode}, which its route does not declare`)
    const type = String(reply.getHeader('content-type') ?? '').split(';')[0]
    const schema = declared.content !== undefined ? declared.content[type]?.schema : declared
    if (schema === undefined) throw fail(request, `${request.method} ${request.url} answered ${type}, which its route does not declare for ${reply.statusCode}`)
    const validate = validatorOf(schema)
    if (!validate(JSON.parse(payload))) {
      throw fail(request, `${request.method} ${request.url} ${reply.statusCode} does not match its schema: ${ajv.errorsText(validate.errors)}`)
    }
    return payload
  })
}
