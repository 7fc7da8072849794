import { z } from 'zod';
import { customerResource, errorResource, messageResource, ticketListQuery, ticketResource } from './api-resources';
import { API_SCOPES } from './api-keys';
import { apiAddMessageInput } from './messages';
import { ticketChangesSchema } from './ticket-update';
import { apiCreateTicketInput } from './tickets';

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const list = (name: string, description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: { data: { type: 'array', items: ref(name) }, nextCursor: { type: ['string', 'null'] } },
        required: ['data'],
      },
    },
  },
});
const errors = {
  400: json('Error', 'Invalid input; `field` names it'),
  401: json('Error', 'Missing, invalid or revoked API key'),
  403: json('Error', 'The key lacks the scope'),
  404: json('Error', 'Not found (including other workspaces’ ids)'),
};
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
  description: 'Same key and body replays the first response; a different body gets 409.',
};

function queryParams(s: z.ZodObject): Json[] {
  const js = schema(s, 'input') as { properties: Record<string, Json> };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: false, schema: p }));
}

/** Generated from the same zod schemas the handlers validate with, so the document cannot drift from them. */
export function buildOpenApiDocument(serverUrl = '/'): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Helpdesk REST API',
      version: '1.0.0',
      description: `Authenticate with \`Authorization: Bearer <api key>\`. Scopes: ${API_SCOPES.join(', ')}.`,
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created under Admin → API keys' } },
      schemas: {
        Ticket: schema(ticketResource, 'output'),
        Message: schema(messageResource, 'output'),
        Customer: schema(customerResource, 'output'),
        Error: schema(errorResource, 'output'),
        CreateTicket: schema(apiCreateTicketInput, 'input'),
        UpdateTicket: schema(ticketChangesSchema, 'input'),
        CreateMessage: schema(apiAddMessageInput, 'input'),
      },
    },
    paths: {
      '/api/v1/tickets': {
        get: {
          summary: 'List tickets, newest first',
          'x-scope': 'tickets:read',
          parameters: queryParams(ticketListQuery),
          responses: { 200: list('Ticket', 'A page of tickets'), ...errors },
        },
        post: {
          summary: 'Create a ticket',
          'x-scope': 'tickets:write',
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateTicket') } } },
          responses: { 201: json('Ticket', 'Created'), 409: json('Error', 'Idempotency-Key reused with another body'), ...errors },
        },
      },
      '/api/v1/tickets/{id}': {
        get: {
          summary: 'Get a ticket',
          'x-scope': 'tickets:read',
          parameters: [idParam('id')],
          responses: { 200: json('Ticket', 'The ticket'), ...errors },
        },
        patch: {
          summary: 'Update status, priority, assignee, group, category or tags',
          'x-scope': 'tickets:write',
          parameters: [idParam('id'), idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateTicket') } } },
          responses: { 200: json('Ticket', 'Updated'), 409: json('Error', 'Transition not allowed'), ...errors },
        },
      },
      '/api/v1/tickets/{id}/messages': {
        get: {
          summary: 'List a ticket’s messages, oldest first',
          'x-scope': 'tickets:read',
          parameters: [idParam('id')],
          responses: { 200: list('Message', 'Messages'), ...errors },
        },
        post: {
          summary: 'Add a reply, note or customer message',
          'x-scope': 'tickets:write',
          parameters: [idParam('id'), idempotencyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateMessage') } } },
          responses: { 201: json('Message', 'Created'), 409: json('Error', 'Stale reply or closed ticket'), ...errors },
        },
      },
      '/api/v1/customers': {
        get: {
          summary: 'List customers',
          'x-scope': 'customers:read',
          parameters: [
            { name: 'q', in: 'query', schema: { type: 'string' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: list('Customer', 'Customers'), ...errors },
        },
      },
      '/api/v1/customers/{id}': {
        get: {
          summary: 'Get a customer',
          'x-scope': 'customers:read',
          parameters: [idParam('id')],
          responses: { 200: json('Customer', 'The customer'), ...errors },
        },
      },
      '/api/v1/tags': {
        get: {
          summary: 'List tags with ticket counts',
          'x-scope': 'tickets:read',
          responses: {
            200: {
              description: 'Tags',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      data: {
                        type: 'array',
                        items: { type: 'object', properties: { name: { type: 'string' }, tickets: { type: 'integer' } } },
                      },
                    },
                  },
                },
              },
            },
            ...errors,
          },
        },
      },
      '/api/v1/search': {
        get: {
          summary: 'Full-text search over subjects and messages',
          'x-scope': 'tickets:read',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }],
          responses: { 200: { description: 'Hits, best first' }, ...errors },
        },
      },
    },
  };
}
