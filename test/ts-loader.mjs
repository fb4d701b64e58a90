// Runs the TypeScript sources under test without a type checker: `npm run typecheck` does the
// checking once, and each of the suite's processes only strips types with SWC (native, a few
// milliseconds a file) instead of loading ts-node and the TypeScript compiler (about a second of
// CPU a process). Source maps are inlined so coverage is reported on the .ts lines.
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
