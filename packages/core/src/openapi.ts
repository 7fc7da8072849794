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

/** A read: what the key's scope must be, its parameters, and its answer beside every error the API answers. */
function read(summary: string, scope: string, parameters: Json[] | null, ok: Json): Json {
  return { summary, 'x-scope': scope, ...(parameters ? { parameters } : {}), responses: { 200: ok, ...errors } };
}

/**
 * A write (each is a ticket write, scope tickets:write): its parameters and an Idempotency-Key, a JSON body of the
 * `body` schema, its answer, and what its 409 means.
 */
function write(summary: string, parameters: Json[], body: string, answer: [status: number, ok: Json], conflict: string): Json {
  return {
    summary,
    'x-scope': 'tickets:write',
    parameters: [...parameters, idempotencyHeader],
    requestBody: { required: true, content: { 'application/json': { schema: ref(body) } } },
    responses: { [answer[0]]: answer[1], 409: json('Error', conflict), ...errors },
  };
}

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
        get: read('List tickets, newest first', 'tickets:read', queryParams(ticketListQuery), list('Ticket', 'A page of tickets')),
        post: write('Create a ticket', [], 'CreateTicket', [201, json('Ticket', 'Created')], 'Idempotency-Key reused with another body'),
      },
      '/api/v1/tickets/{id}': {
        get: read('Get a ticket', 'tickets:read', [idParam('id')], json('Ticket', 'The ticket')),
        patch: write(
          'Update status, priority, assignee, group, category or tags',
          [idParam('id')],
          'UpdateTicket',
          [200, json('Ticket', 'Updated')],
          'Transition not allowed',
        ),
      },
      '/api/v1/tickets/{id}/messages': {
        get: read('List a ticket’s messages, oldest first', 'tickets:read', [idParam('id')], list('Message', 'Messages')),
        post: write(
          'Add a reply, note or customer message',
          [idParam('id')],
          'CreateMessage',
          [201, json('Message', 'Created')],
          'Stale reply or closed ticket',
        ),
      },
      '/api/v1/customers': {
        get: read(
          'List customers',
          'customers:read',
          [
            { name: 'q', in: 'query', schema: { type: 'string' } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          list('Customer', 'Customers'),
        ),
      },
      '/api/v1/customers/{id}': {
        get: read('Get a customer', 'customers:read', [idParam('id')], json('Customer', 'The customer')),
      },
      '/api/v1/tags': {
        get: read('List tags with ticket counts', 'tickets:read', null, {
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
        }),
      },
      '/api/v1/search': {
        get: read(
          'Full-text search over subjects and messages',
          'tickets:read',
          [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }],
          { description: 'Hits, best first' },
        ),
      },
    },
  };
}
