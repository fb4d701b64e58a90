// /clients/{id}/credits and /clients/{id}/pay-methods: a client's credit log and stored cards and
// bank accounts.
import { itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { CreditBalance, CreditCreate, CreditList, PayMethodCreate, PayMethodCreated, PayMethodList, creditFields, payMethodFields } from './schemas.js'
import { IdPathParams, ref } from '../../src/schemas/common.js'
import { toId, toMoney } from '../../src/whmcs/normalize.js'
import * as schemas from './schemas.js'

const group = 'Billing'
const ClientPath = IdPathParams('Client id')

export const routes = [
  listRoute({
    method: 'GET',
    url: '/clients/:id/credits',
    operationId: 'listClientCredits',
    summary: 'List a client\'s credit log',
    description: 'Pages through the credit added to, taken from and applied from a client\'s account, oldest first.',
    group,
    action: 'GetCredits',
    params: ClientPath,
    query: listQuery({}),
    response: CreditList,
    responseDescription: 'A page of the credit log',
    request: ({ params }) => ({ clientid: params.id }),
    // GetCredits answers the whole log.
    rows: { key: 'credits', item: 'credit', paging: 'local' },
    read: (c) => creditFields.read(c)
  }),

  itemRoute({
    method: 'POST',
    url: '/clients/:id/credits',
    operationId: 'addClientCredit',
    summary: 'Add or remove credit',
    description: 'Adds credit to a client\'s account, or with `type: remove` takes it away, and answers the new balance.',
    group,
    action: 'AddCredit',
    idempotencyKey: 'required',
    params: ClientPath,
    body: ref(CreditCreate),
    status: 201,
    response: ref(CreditBalance),
    responseDescription: 'The credit was changed; `Location` points at the credit log',
    request: ({ params, body }) => ({ clientid: params.id, type: body.type, amount: body.amount, description: body.description, date: body.date }),
    map: (raw, { params }) => ({ clientId: params.id, balance: toMoney(raw.newbalance, 'newbalance') ?? '0.00' }),
    location: (out) => `/clients/${out.clientId}/credits`
  }),

  listRoute({
    method: 'GET',
    url: '/clients/:id/pay-methods',
    operationId: 'listClientPayMethods',
    summary: 'List a client\'s pay methods',
    description: 'Lists the cards and bank accounts stored for a client. Card numbers show only their last four digits; bank account numbers not at all.',
    group,
    action: 'GetPayMethods',
    params: ClientPath,
    query: listQuery({}),
    response: PayMethodList,
    responseDescription: 'A page of pay methods',
    request: ({ params }) => ({ clientid: params.id }),
    rows: { key: 'paymethods', paging: 'local' },
    read: (p) => payMethodFields.read(p)
  }),

  itemRoute({
    method: 'POST',
    url: '/clients/:id/pay-methods',
    operationId: 'addClientPayMethod',
    summary: 'Store a card or bank account',
    description: 'Stores a card (in WHMCS, or tokenised by a gateway) or a bank account for a client. The card and bank details go to WHMCS only: they are never logged, kept or answered.',
    group,
    action: 'AddPayMethod',
    idempotencyKey: 'required',
    params: ClientPath,
    body: ref(PayMethodCreate),
    status: 201,
    response: ref(PayMethodCreated),
    responseDescription: 'The pay method was stored; `Location` points at the client\'s pay methods',
    request: ({ params, body }) => ({
      clientid: params.id,
      type: body.type,
      description: body.description,
      gateway_module_name: body.gateway,
      card_number: body.cardNumber?.replaceAll(' ', ''),
      card_expiry: body.cardExpiry?.replace('/', ''),
      card_start: body.cardStart?.replace('/', ''),
      card_issue_number: body.cardIssueNumber,
      bank_name: body.bankName,
      bank_account_type: body.bankAccountType,
      bank_code: body.bankCode,
      bank_account: body.bankAccount,
      set_as_default: body.setAsDefault
    }),
    map: (raw, { params }) => ({ id: toId(raw.paymethodid, 'paymethodid'), clientId: params.id }),
    location: (out) => `/clients/${out.clientId}/pay-methods`
  })
]

export default resource({ schemas, routes })
