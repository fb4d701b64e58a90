// /orders: placing orders and taking them through WHMCS's order lifecycle.
import { Type } from 'typebox'
import { emptyRoute, itemRoute, listQuery, listRoute, resource } from '../../src/route/index.js'
import { IdPathParams, int32, ref } from '../../src/schemas/common.js'
import { ORDER_KEYS, ORDER_STATUSES, Order, OrderAccept, OrderCreate, OrderCreated, OrderList, orderCreateParams, orderFields, readOrderCreated } from './schemas.js'
import * as schemas from './schemas.js'

const group = 'Orders'
const OrderPath = IdPathParams('Order id')

export const routes = [
  listRoute({
    method: 'GET',
    url: '/orders',
    operationId: 'listOrders',
    summary: 'List orders',
    description: 'Pages through orders, newest first, optionally only those of one client, placed by one user, or in one status.',
    group,
    action: 'GetOrders',
    query: listQuery({
      clientId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only orders of this client', examples: [1] })),
      requestorId: Type.Optional(Type.Integer({ ...int32(1), description: 'Only orders placed by this user', examples: [1] })),
      status: Type.Optional(Type.String({
        pattern: '^[A-Za-z][A-Za-z -]{0,63}$',
        maxLength: 64,
        description: `Only orders in this status: ${ORDER_STATUSES.join(', ')}, or a status the install added`,
        examples: ['Pending']
      }))
    }),
    response: OrderList,
    responseDescription: 'A page of orders',
    request: ({ query }) => ({
      userid: query.clientId,
      requestor_id: query.requestorId,
      status: query.status
    }),
    rows: { key: 'orders', item: 'order', paging: 'whmcs' },
    read: (o) => orderFields.read(o, ORDER_KEYS)
  }),

  itemRoute({
    method: 'GET',
    url: '/orders/:id',
    operationId: 'getOrder',
    summary: 'Get an order',
    description: 'Returns one order with its lines (services, addons and domains), its invoice and its status.',
    group,
    action: 'GetOrders',
    params: OrderPath,
    status: 200,
    response: ref(Order),
    responseDescription: 'The order',
    request: ({ params }) => ({ id: params.id }),
    pick: { key: 'orders', item: 'order', notFound: ({ params }) => `Order ${params.id} does not exist` },
    read: (order) => orderFields.read(order, ORDER_KEYS)
  }),

  itemRoute({
    method: 'POST',
    url: '/orders',
    operationId: 'createOrder',
    summary: 'Place an order',
    description: 'Places an order for a client: products (with their configurable options, custom fields and addons), domain registrations and transfers, addons for services the client has, and domain renewals. The order, its services and domains start Pending and its invoice Unpaid; accept the order to set them up. Products, billing cycles and domains the catalogue does not sell are left out by WHMCS; when nothing is left the order is refused.',
    group,
    action: 'AddOrder',
    idempotencyKey: 'required',
    body: ref(OrderCreate),
    status: 201,
    response: ref(OrderCreated),
    responseDescription: 'The order was placed; `Location` points at it',
    request: ({ body }) => orderCreateParams(body),
    map: (raw) => readOrderCreated(raw),
    location: (out) => `/orders/${out.id}`
  }),

  emptyRoute({
    method: 'POST',
    url: '/orders/:id/accept',
    operationId: 'acceptOrder',
    summary: 'Accept an order',
    description: 'Accepts a Pending order: its services are set up (by their provisioning module when auto-setup applies) and become Active, its domain registrations become Active and its transfers start. Answers 409 when the order is not Pending (WHMCS does not tell that apart from an order that does not exist), and 502 when a provisioning module or registrar fails.',
    group,
    action: 'AcceptOrder',
    // No key required: WHMCS accepts only a Pending order, so a repeat cannot provision twice;
    // it gets 409 (or, with a key, the first answer again).
    params: IdPathParams('Order id', 5),
    body: ref(OrderAccept),
    responseDescription: 'The order was accepted',
    request: ({ params, body }) => ({
      orderid: params.id,
      serverid: body.serverId,
      serviceusername: body.serviceUsername,
      servicepassword: body.servicePassword,
      registrar: body.registrar,
      sendregistrar: body.sendRegistrar,
      autosetup: body.autoSetup,
      sendemail: body.sendEmail
    })
  }),

  emptyRoute({
    method: 'POST',
    url: '/orders/:id/pending',
    operationId: 'setOrderPending',
    summary: 'Return an order to Pending',
    description: 'Sets an order and its services, addons and domains back to Pending, whatever their status; a cancelled invoice of the order is reopened.',
    group,
    action: 'PendingOrder',
    params: IdPathParams('Order id', 6),
    responseDescription: 'The order is Pending',
    request: ({ params }) => ({ orderid: params.id })
  }),

  emptyRoute({
    method: 'POST',
    url: '/orders/:id/cancel',
    operationId: 'cancelOrder',
    summary: 'Cancel an order',
    description: 'Cancels a Pending order with its services, addons and domains, and cancels its unpaid invoice. Answers 409 when the order is not Pending (WHMCS does not tell that apart from an order that does not exist).',
    group,
    action: 'CancelOrder',
    params: IdPathParams('Order id', 7),
    query: Type.Object({
      cancelSubscription: Type.Optional(Type.Boolean({ default: false, description: 'Also cancel the payment gateway subscriptions of its services' })),
      noEmail: Type.Optional(Type.Boolean({ default: false, description: 'Do not send the invoice payment email if the invoice becomes paid' }))
    }, { additionalProperties: false }),
    responseDescription: 'The order was cancelled',
    request: ({ params, query }) => ({ orderid: params.id, cancelsub: query.cancelSubscription, noemail: query.noEmail })
  }),

  emptyRoute({
    method: 'POST',
    url: '/orders/:id/fraud',
    operationId: 'markOrderFraud',
    summary: 'Mark an order as fraud',
    description: 'Marks an order and its services, addons and domains as Fraud, and cancels its unpaid invoice.',
    group,
    action: 'FraudOrder',
    params: IdPathParams('Order id', 2),
    query: Type.Object({
      cancelSubscription: Type.Optional(Type.Boolean({ default: false, description: 'Also cancel the payment gateway subscriptions of its services' }))
    }, { additionalProperties: false }),
    responseDescription: 'The order is marked as fraud',
    request: ({ params, query }) => ({ orderid: params.id, cancelsub: query.cancelSubscription })
  }),

  emptyRoute({
    method: 'DELETE',
    url: '/orders/:id',
    operationId: 'deleteOrder',
    summary: 'Delete an order',
    description: 'Deletes a Cancelled or Fraud order with its services, addons, domains and invoice. This cannot be undone. Answers 409 for an order in any other status.',
    group,
    action: 'DeleteOrder',
    params: IdPathParams('Order id', 3),
    responseDescription: 'The order was deleted',
    request: ({ params }) => ({ orderid: params.id })
  })
]

export default resource({ schemas, routes })
