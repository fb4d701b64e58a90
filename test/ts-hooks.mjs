// Module hooks for ts-loader.mjs: `./x.js` written in a .ts file resolves to `./x.ts` when that
// exists (TypeScript's NodeNext convention), and .ts files load as ES modules transpiled by SWC.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { transform } from '@swc/core'

/** @type {import('@swc/core').Options} */
const options = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'es6', strictMode: true },
  jsc: {
    parser: { syntax: 'typescript', tsx: false },
    target: 'es2022',
    keepClassNames: true
  }
}

export async function resolve (specifier, context, next) {
  const parent = context.parentURL
  if (parent !== undefined && parent.endsWith('.ts') && specifier.endsWith('.js') &&
      (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const ts = new URL(specifier.slice(0, -3) + '.ts', parent)
    if (existsSync(ts)) return { url: ts.href, format: 'module', shortCircuit: true }
  }
  return next(specifier, context)
}

export async function load (url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context)
  const filename = fileURLToPath(url)
  const { code } = await transform(await readFile(filename, 'utf8'), { ...options, filename })
  return { format: 'module', source: code, shortCircuit: true }
}
