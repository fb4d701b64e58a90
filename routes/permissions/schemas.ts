// /permissions' WHMCS side: the permissions WHMCS knows for users' access to client accounts. It declares
// no schema of its own (its list is users' UserPermissionList).
export {}

// The WHMCS actions of this resource: the parameters each is sent and its raw answer.
declare module '../../src/whmcs/actions.js' {
  interface WhmcsActions {
    GetPermissionsList: {
      params: Record<string, never>
      /** The one action answering `status` instead of `result` (decode.ts reads both). */
      result: { status?: Loose, permissions?: Loose }
    }
  }
}
