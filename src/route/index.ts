// The route engine as resources use it: the declarations and their registration.
export * from './define.js'
export { registerRoutes } from './register.js'
