// The route engine as resources use it: the declarations and the resource they make up.
export * from './define.js'
export { resource, type ResourceContext } from './resource.js'
