// The typed action map: for each WHMCS action the facade calls, the parameters it may be sent and
// the raw answer it comes back with. Raw answers are typed loosely on purpose (`Loose`): WHMCS
// sends the same field as a number or a string, a list as an array, a lone object or "",
// and routes read them only through the coercers in normalize.ts.
import type { FormValue } from './encode.js'

/** A value as WHMCS may send it: read it through a coercer, never directly. */
export type Loose = unknown
/** WHMCS's boolean inputs: sent as 1/0. */
type Flag = boolean
type Int = number

export interface RawClientSummary {
  id: Loose
  firstname?: Loose
  lastname?: Loose
  companyname?: Loose
  email?: Loose
  datecreated?: Loose
  groupid?: Loose
  status?: Loose
  [field: string]: Loose
}

export interface RawClientDetails {
  id?: Loose
  client_id?: Loose
  userid?: Loose
  [field: string]: Loose
}

export interface Paged {
  totalresults?: Loose
  startnumber?: Loose
  numreturned?: Loose
}

/** Parameters common to create and update of a client. */
interface ClientFields {
  firstname?: string
  lastname?: string
  companyname?: string
  email?: string
  address1?: string
  address2?: string
  city?: string
  state?: string
  postcode?: string
  country?: string
  phonenumber?: string
  tax_id?: string
  currency?: Int
  groupid?: Int
  customfields?: string
  language?: string
  clientip?: string
  notes?: string
  marketingoptin?: Flag
  skipvalidation?: Flag
}

export interface WhmcsActions {
  GetClients: {
    params: {
      limitstart?: Int
      limitnum?: Int
      sorting?: 'ASC' | 'DESC'
      status?: string
      search?: string
      orderby?: string
    }
    result: Paged & { clients?: Loose }
  }
  GetClientsDetails: {
    params: { clientid?: Int, email?: string, stats?: Flag }
    result: { client?: RawClientDetails, stats?: Record<string, Loose> }
  }
  AddClient: {
    params: ClientFields & {
      owner_user_id?: Int
      password2?: string
      securityqid?: Int
      securityqans?: string
      noemail?: Flag
    }
    result: { clientid?: Loose, owner_id?: Loose }
  }
  UpdateClient: {
    params: ClientFields & {
      clientid?: Int
      clientemail?: string
      status?: string
      paymentmethod?: string
      email_preferences?: Partial<Record<'general' | 'invoice' | 'support' | 'product' | 'domain' | 'affiliate', Flag>>
      latefeeoveride?: Flag
      overideduenotices?: Flag
      taxexempt?: Flag
      separateinvoices?: Flag
      disableautocc?: Flag
      overrideautoclose?: Flag
    }
    result: { clientid?: Loose }
  }
  DeleteClient: {
    params: { clientid: Int, deleteusers?: Flag, deletetransactions?: Flag }
    result: { clientid?: Loose }
  }
  CloseClient: {
    params: { clientid: Int }
    result: { clientid?: Loose }
  }
  CreateClientInvite: {
    params: { client_id: Int, email: string, permissions: string }
    result: Record<string, Loose>
  }
  GetOrders: {
    params: {
      limitstart?: Int
      limitnum?: Int
      id?: Int
      userid?: Int
      requestor_id?: Int
      status?: string
    }
    result: Paged & { orders?: Loose }
  }
  AddOrder: {
    params: {
      clientid: Int
      paymentmethod: string
      /** Parallel arrays, one index per product (and per domain registration or transfer). */
      pid?: Array<Int | undefined>
      domain?: Array<string | undefined>
      billingcycle?: Array<string | undefined>
      qty?: Array<Int | undefined>
      /** base64 of a PHP-serialized array of option id -> value, per product. */
      configoptions?: Array<string | undefined>
      /** base64 of a PHP-serialized array of custom field id -> value, per product. */
      customfields?: Array<string | undefined>
      priceoverride?: Array<string | undefined>
      /** Comma-separated addon ids, per product. */
      addons?: Array<string | undefined>
      domaintype?: Array<'register' | 'transfer' | undefined>
      regperiod?: Array<Int | undefined>
      eppcode?: Array<string | undefined>
      dnsmanagement?: Array<Flag | undefined>
      emailforwarding?: Array<Flag | undefined>
      idprotection?: Array<Flag | undefined>
      domainpriceoverride?: Array<string | undefined>
      nameserver1?: string
      nameserver2?: string
      nameserver3?: string
      nameserver4?: string
      nameserver5?: string
      addonids?: Int[]
      serviceids?: Int[]
      /** Domain name -> years. */
      domainrenewals?: Record<string, Int>
      promocode?: string
      promooverride?: Flag
      affid?: Int
      contactid?: Int
      clientip?: string
      noinvoice?: Flag
      noinvoiceemail?: Flag
      noemail?: Flag
    }
    result: { orderid?: Loose, invoiceid?: Loose, serviceids?: Loose, productids?: Loose, addonids?: Loose, domainids?: Loose }
  }
  AcceptOrder: {
    params: {
      orderid: Int
      serverid?: Int
      serviceusername?: string
      servicepassword?: string
      registrar?: string
      sendregistrar?: Flag
      autosetup?: Flag
      sendemail?: Flag
    }
    result: Record<string, Loose>
  }
  PendingOrder: {
    params: { orderid: Int }
    result: Record<string, Loose>
  }
  CancelOrder: {
    params: { orderid: Int, cancelsub?: Flag, noemail?: Flag }
    result: Record<string, Loose>
  }
  FraudOrder: {
    params: { orderid: Int, cancelsub?: Flag }
    result: Record<string, Loose>
  }
  DeleteOrder: {
    params: { orderid: Int }
    result: Record<string, Loose>
  }
  GetProducts: {
    params: { pid?: string, gid?: Int, module?: string }
    result: { totalresults?: Loose, products?: Loose }
  }
  GetPromotions: {
    params: { code?: string }
    result: { totalresults?: Loose, promotions?: Loose }
  }
  // Support
  GetTickets: {
    params: {
      limitstart?: Int
      limitnum?: Int
      deptid?: Int
      clientid?: Int
      email?: string
      status?: string
      subject?: string
      ignore_dept_assignments?: Flag
    }
    result: Paged & { tickets?: Loose }
  }
  GetTicket: {
    params: { ticketid?: Int, ticketnum?: string, repliessort?: 'ASC' | 'DESC' }
    result: Record<string, Loose>
  }
  OpenTicket: {
    params: {
      deptid: Int
      subject: string
      message: string
      clientid?: Int
      userid?: Int
      contactid?: Int
      name?: string
      email?: string
      priority?: string
      created?: string
      serviceid?: Int
      domainid?: Int
      noemail?: Flag
      markdown?: Flag
      customfields?: string
      attachments?: string
      preventClientClosure?: Flag
    }
    result: { id?: Loose, tid?: Loose, c?: Loose }
  }
  UpdateTicket: {
    params: {
      ticketid: Int
      deptid?: Int
      status?: string
      subject?: string
      userid?: Int
      name?: string
      email?: string
      cc?: string
      priority?: string
      created?: string
      flag?: Int
      removeFlag?: Flag
      message?: string
      markdown?: Flag
      customfields?: string
      preventClientClosure?: Flag
    }
    result: { ticketid?: Loose }
  }
  DeleteTicket: {
    params: { ticketid: Int }
    result: Record<string, Loose>
  }
  AddTicketReply: {
    params: {
      ticketid: Int
      message: string
      markdown?: Flag
      clientid?: Int
      contactid?: Int
      adminusername?: string
      name?: string
      email?: string
      status?: string
      noemail?: Flag
      customfields?: string
      attachments?: string
      created?: string
    }
    result: Record<string, Loose>
  }
  GetSupportDepartments: {
    params: { ignore_dept_assignments?: Flag }
    result: { totalresults?: Loose, departments?: Loose }
  }
  // Projects
  GetProjects: {
    params: {
      limitstart?: Int
      limitnum?: Int
      userid?: Int
      title?: string
      adminid?: Int
      status?: string
      completed?: Flag
    }
    // The list is `projects`, a bare array, although WHMCS's table calls it `invoices`.
    result: Paged & { projects?: Loose }
  }
  GetProject: {
    params: { projectid: Int }
    // No `result` key in WHMCS's documented answer.
    result: { projectinfo?: Loose, tasks?: Loose, messages?: Loose }
  }
  CreateProject: {
    params: {
      title: string
      adminid: Int
      userid?: Int
      status?: string
      created?: string
      duedate?: string
      completed?: Flag
      ticketids?: string
      invoiceids?: string
    }
    result: { projectid?: Loose, message?: Loose }
  }
  UpdateProject: {
    params: {
      projectid: Int
      adminid?: Int
      userid?: Int
      status?: string
      created?: string
      duedate?: string
      completed?: Flag
      title?: string
      ticketids?: string
      invoiceids?: string
      notes?: string
    }
    result: { message?: Loose }
  }
  AddProjectTask: {
    params: {
      projectid: Int
      duedate: string
      adminid?: Int
      task?: string
      notes?: string
      completed?: Flag
      billed?: Flag
    }
    result: { message?: Loose }
  }
  UpdateProjectTask: {
    params: {
      taskid: Int
      projectid?: Int
      duedate?: string
      adminid?: Int
      task?: string
      notes?: string
      completed?: Flag
    }
    result: { message?: Loose }
  }
  // Affiliates
  GetAffiliates: {
    params: { limitstart?: Int, limitnum?: Int, userid?: Int, paytype?: string }
    result: Paged & { affiliates?: Loose }
  }
  AffiliateActivate: {
    params: { userid: Int }
    result: Record<string, Loose>
  }
  WhmcsDetails: {
    params: Record<string, never>
    result: { whmcs?: { version?: Loose, canonicalversion?: Loose } }
  }
  GetStats: {
    params: { timeline_days?: Int }
    result: Record<string, Loose> & { timeline_data?: Loose }
  }
  GetConfigurationValue: {
    params: { setting: string }
    result: { setting?: Loose, value?: Loose }
  }
  SetConfigurationValue: {
    params: { setting: string, value: string }
    result: { value_changed?: Loose }
  }
  GetActivityLog: {
    params: {
      limitstart?: Int
      limitnum?: Int
      clientid?: Int
      /** In the installation's date format (WHMCS_DATE_FORMAT). */
      date?: string
      user?: string
      description?: string
      ipaddress?: string
    }
    result: Paged & { activity?: Loose }
  }
  SendEmail: {
    params: {
      messagename?: string
      id?: Int
      customtype?: string
      customsubject?: string
      custommessage?: string
      /** base64 of a PHP-serialized array of name => value. */
      customvars?: string
    }
    result: Record<string, Loose>
  }
  GetCurrencies: {
    params: Record<string, never>
    result: { totalresults?: Loose, currencies?: Loose }
  }
  ValidateLogin: {
    params: { email: string, password2: string }
    result: { userid?: Loose, passwordhash?: Loose, twoFactorEnabled?: Loose }
  }
  CreateSsoToken: {
    params: {
      client_id?: Int
      user_id?: Int
      destination?: string
      service_id?: Int
      domain_id?: Int
      sso_redirect_path?: string
    }
    result: { access_token?: Loose, redirect_url?: Loose }
  }
  CreateOAuthCredential: {
    params: {
      grantType: string
      /** Space-separated scopes. */
      scope: string
      name?: string
      serviceId?: Int
      description?: string
      logoUri?: string
      redirectUri?: string
    }
    result: { credentialId?: Loose, clientIdentifier?: Loose, clientSecret?: Loose }
  }
  ListOAuthCredentials: {
    params: { grantType?: string, sortField?: string, sortOrder?: 'ASC' | 'DESC', limit?: Int }
    result: { clients?: Loose }
  }
  AddUser: {
    params: { firstname: string, lastname: string, email: string, password2: string, language?: string }
    result: { user_id?: Loose }
  }
  GetUsers: {
    params: { limitstart?: Int, limitnum?: Int, sorting?: 'ASC' | 'DESC', search?: string }
    result: Paged & { users?: Loose }
  }
  UpdateUser: {
    params: { user_id: Int, firstname?: string, lastname?: string, email?: string, language?: string }
    result: { user_id?: Loose }
  }
  GetPermissionsList: {
    params: Record<string, never>
    /** The one action answering `status` instead of `result` (decode.ts reads both). */
    result: { status?: Loose, permissions?: Loose }
  }
  UpdateUserPermissions: {
    params: { user_id: Int, client_id: Int, permissions: string }
    result: Record<string, Loose>
  }
  // Services
  GetClientsProducts: {
    params: { limitstart?: Int, limitnum?: Int, clientid?: Int, serviceid?: Int, pid?: Int, domain?: string }
    result: Paged & { products?: Loose }
  }
  UpdateClientProduct: {
    params: {
      serviceid: Int
      pid?: Int
      serverid?: Int
      regdate?: string
      nextduedate?: string
      terminationdate?: string
      domain?: string
      firstpaymentamount?: string
      recurringamount?: string
      autorecalc?: Flag
      paymentmethod?: string
      billingcycle?: string
      subscriptionid?: string
      status?: string
      notes?: string
      serviceusername?: string
      servicepassword?: string
      dedicatedip?: string
      suspendreason?: string
      /** 'on' or 'off', as WHMCS spells it. */
      overideautosuspend?: 'on' | 'off'
      overidesuspenduntil?: string
      /** Fields to clear, by WHMCS's name: an empty value is ignored. */
      unset?: string[]
      /** base64 of a PHP-serialized array: custom field id => value. */
      customfields?: string
      /** base64 of a PHP-serialized array: option id => sub-option id, or array('optionid' => ..., 'qty' => ...). */
      configoptions?: string
    }
    result: { serviceid?: Loose }
  }
  ModuleCreate: { params: { serviceid: Int }, result: Record<string, Loose> }
  ModuleSuspend: { params: { serviceid: Int, suspendreason?: string }, result: Record<string, Loose> }
  ModuleUnsuspend: { params: { serviceid: Int }, result: Record<string, Loose> }
  ModuleTerminate: { params: { serviceid: Int }, result: Record<string, Loose> }
  ModuleChangePackage: { params: { serviceid: Int }, result: Record<string, Loose> }
  // Domains
  GetClientsDomains: {
    params: { limitstart?: Int, limitnum?: Int, clientid?: Int, domainid?: Int, domain?: string }
    result: Paged & { domains?: Loose }
  }
  DomainRegister: { params: { domainid: Int }, result: Record<string, Loose> }
  DomainRenew: { params: { domainid: Int, regperiod?: Int }, result: Record<string, Loose> }
  DomainTransfer: { params: { domainid: Int, eppcode?: string }, result: Record<string, Loose> }
  DomainRelease: { params: { domainid: Int, newtag: string }, result: Record<string, Loose> }
  DomainGetNameservers: { params: { domainid: Int }, result: { ns1?: Loose, ns2?: Loose, ns3?: Loose, ns4?: Loose, ns5?: Loose } }
  DomainUpdateNameservers: {
    params: { domainid: Int, ns1: string, ns2: string, ns3?: string, ns4?: string, ns5?: string }
    result: Record<string, Loose>
  }
  DomainGetWhoisInfo: { params: { domainid: Int }, result: { Registrant?: Loose, Admin?: Loose, Tech?: Loose, Billing?: Loose } }
  DomainWhois: { params: { domain: string }, result: { status?: Loose, whois?: Loose } }
  GetTLDPricing: { params: { currencyid?: Int, clientid?: Int }, result: { currency?: Loose, pricing?: Loose } }
  GetInvoices: {
    params: {
      limitstart?: Int
      limitnum?: Int
      userid?: Int
      status?: string
      orderby?: 'id' | 'invoicenumber' | 'date' | 'duedate' | 'total' | 'status'
      order?: 'asc' | 'desc'
    }
    result: Paged & { invoices?: Loose }
  }
  GetInvoice: {
    params: { invoiceid: Int }
    result: Record<string, Loose> & { items?: Loose, transactions?: Loose }
  }
  CreateInvoice: {
    /** Lines are numbered from 1: itemdescription1, itemamount1, itemtaxed1... */
    params: {
      userid: Int
      status?: string
      draft?: Flag
      sendinvoice?: Flag
      paymentmethod?: string
      taxrate?: string
      taxrate2?: string
      date?: string
      duedate?: string
      notes?: string
      autoapplycredit?: Flag
      [item: `item${'description' | 'amount' | 'taxed'}${number}`]: string | Flag | undefined
    }
    result: { invoiceid?: Loose, status?: Loose }
  }
  UpdateInvoice: {
    params: {
      invoiceid: Int
      status?: string
      paymentmethod?: string
      taxrate?: string
      taxrate2?: string
      credit?: string
      date?: string
      duedate?: string
      datepaid?: string
      notes?: string
      /** Existing lines, keyed by line id. */
      itemdescription?: Record<string, string>
      itemamount?: Record<string, string>
      itemtaxed?: Record<string, Flag>
      newitemdescription?: string[]
      newitemamount?: string[]
      newitemtaxed?: Flag[]
      deletelineids?: Int[]
      publish?: Flag
      publishandsendemail?: Flag
    }
    result: { invoiceid?: Loose }
  }
  AddInvoicePayment: {
    params: { invoiceid: Int, transid: string, gateway: string, date: string, amount?: string, fees?: string, noemail?: Flag }
    result: Record<string, Loose>
  }
  CapturePayment: {
    params: { invoiceid: Int, cvv?: string }
    result: Record<string, Loose>
  }
  GenInvoices: {
    /** The id lists are PHP arrays (serviceids[0]=1): WHMCS ignores them when sent as comma-separated text. */
    params: { noemails?: Flag, clientid?: Int, serviceids?: Int[], domainids?: Int[], addonids?: Int[] }
    result: { numcreated?: Loose }
  }
  GetQuotes: {
    params: { limitstart?: Int, limitnum?: Int, quoteid?: Int, userid?: Int, subject?: string, stage?: string }
    result: Paged & { quotes?: Loose }
  }
  CreateQuote: {
    params: {
      subject: string
      stage: string
      /** In the installation's date format (WHMCS_DATE_FORMAT). */
      validuntil: string
      datecreated?: string
      lineitems?: Array<{ desc: string, qty: string, up: string, discount?: string, taxable?: Flag }>
      userid?: Int
      firstname?: string
      lastname?: string
      companyname?: string
      email?: string
      state?: string
      country?: string
      currency?: Int
      proposal?: string
      customernotes?: string
      adminnotes?: string
    }
    result: { quoteid?: Loose }
  }
  GetCredits: {
    params: { clientid: Int }
    result: { totalresults?: Loose, clientid?: Loose, credits?: Loose }
  }
  AddCredit: {
    params: { clientid: Int, description: string, amount: string, date?: string, type?: 'add' | 'remove' }
    result: { newbalance?: Loose }
  }
  GetPayMethods: {
    params: { clientid: Int, paymethodid?: Int, type?: 'BankAccount' | 'CreditCard' }
    result: { clientid?: Loose, paymethods?: Loose }
  }
  AddPayMethod: {
    params: {
      clientid: Int
      type: 'CreditCard' | 'RemoteCreditCard' | 'BankAccount'
      description?: string
      gateway_module_name?: string
      card_number?: string
      card_expiry?: string
      card_start?: string
      card_issue_number?: string
      bank_name?: string
      bank_account_type?: string
      bank_code?: string
      bank_account?: string
      set_as_default?: Flag
    }
    result: { clientid?: Loose, paymethodid?: Loose }
  }
}

export type ActionName = keyof WhmcsActions
export type ActionParams<A extends ActionName> = WhmcsActions[A]['params']
export type ActionResult<A extends ActionName> = WhmcsActions[A]['result'] & { result?: Loose }

// Compile-time check that every parameter type can be form-encoded.
type Encodable<T> = T extends Record<string, FormValue> ? true : false
export type AllEncodable = { [A in ActionName]: Encodable<ActionParams<A>> }
