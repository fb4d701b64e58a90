// Staff (tbladmins): who tickets are flagged to, who answers them, who runs projects. The API
// credential belongs to admin 1, as a WHMCS install's API role does to one admin.

export interface AdminRecord {
  id: number
  username: string
  firstname: string
  lastname: string
  email: string
}

export const ADMINS: readonly AdminRecord[] = [
  { id: 1, username: 'admin', firstname: 'Demo', lastname: 'Admin', email: 'admin@sandbox.example' },
  { id: 2, username: 'jamie', firstname: 'Jamie', lastname: 'Okafor', email: 'jamie@sandbox.example' },
  { id: 3, username: 'lena', firstname: 'Lena', lastname: 'Fischer', email: 'lena@sandbox.example' }
]

/** The admin the API credential belongs to. */
export const API_ADMIN_ID = 1

export function findAdmin (id: number): AdminRecord | undefined {
  return ADMINS.find(a => a.id === id)
}

export function findAdminByUsername (username: string): AdminRecord | undefined {
  return ADMINS.find(a => a.username.toLowerCase() === username.trim().toLowerCase())
}

export function adminName (admin: AdminRecord): string {
  return `${admin.firstname} ${admin.lastname}`
}
