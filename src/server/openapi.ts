import { z } from 'zod';
import { httpStatusForError } from './api-error.ts';
import {
  cancelRunBody,
  checkBody,
  decideBody,
  eventsQuery,
  explainQuery,
  listRunsQuery,
  putFileBody,
  putProviderKeyBody,
  putSettingsBody,
  resumeRunBody,
  startRunBody,
} from './api-schemas.ts';

type Route = {
  method: 'get' | 'put' | 'post' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  ok?: number;
  stream?: boolean;
};

/** Every route, with the schema that validates its body or query: the OpenAPI document is built from these. */
export const routes: Route[] = [
  { method: 'get', path: '/api/openapi.json', summary: 'This document' },
  {
    method: 'get',
    path: '/api/workspace',
    summary: 'Root, config summary, providers (whether each key is set), agent and playbook names, issues',
  },
  {
    method: 'post',
    path: '/api/check',
    summary: "The issues the workspace would have with an agent's or playbook's file as given (nothing written)",
    body: checkBody,
  },
  {
    method: 'get',
    path: '/api/settings',
    summary:
      "brigade.yaml's run settings (concurrency, limits, default budget) and the providers' keys (never their values)",
  },
  {
    method: 'put',
    path: '/api/settings',
    summary: 'Change run settings in brigade.yaml (comments kept) after checking the whole workspace with them',
    body: putSettingsBody,
  },
  {
    method: 'put',
    path: '/api/providers/{name}/key',
    summary: "Store a provider's API key, encrypted; the provider's environment variable still wins",
    body: putProviderKeyBody,
  },
  { method: 'delete', path: '/api/providers/{name}/key', summary: "Remove a provider's stored API key" },
  { method: 'get', path: '/api/agents', summary: 'Agent files' },
  { method: 'get', path: '/api/agents/{name}', summary: 'An agent: its YAML text and the compiled agent' },
  {
    method: 'put',
    path: '/api/agents/{name}',
    summary: 'Write agents/<name>.yaml after checking the whole workspace with it',
    body: putFileBody,
  },
  { method: 'delete', path: '/api/agents/{name}', summary: 'Remove an agent (refused when a playbook still uses it)' },
  { method: 'get', path: '/api/playbooks', summary: 'Playbooks' },
  { method: 'get', path: '/api/playbooks/{name}', summary: 'A playbook: YAML, compiled form and declared inputs' },
  {
    method: 'put',
    path: '/api/playbooks/{name}',
    summary: 'Write a playbook byte for byte after checking the whole workspace with it',
    body: putFileBody,
  },
  { method: 'delete', path: '/api/playbooks/{name}', summary: 'Remove a playbook' },
  {
    method: 'post',
    path: '/api/runs',
    summary: 'Start a run (executed by the server; it waits for decisions)',
    body: startRunBody,
    ok: 201,
  },
  { method: 'get', path: '/api/runs', summary: 'Recent runs, newest first', query: listRunsQuery },
  { method: 'get', path: '/api/runs/{id}', summary: 'A run: summary and state' },
  { method: 'get', path: '/api/runs/{id}/findings', summary: "The run's shared findings" },
  {
    method: 'get',
    path: '/api/runs/{id}/explain',
    summary: 'What each agent was shown and did, as `brigade explain --json` (one step with ?step=)',
    query: explainQuery,
  },
  { method: 'post', path: '/api/runs/{id}/cancel', summary: 'Cancel a run', body: cancelRunBody },
  {
    method: 'post',
    path: '/api/runs/{id}/resume',
    summary: 'Resume an interrupted or paused run, optionally with raised budgets',
    body: resumeRunBody,
  },
  {
    method: 'get',
    path: '/api/runs/{id}/events',
    summary: 'Server-Sent Events: replay after Last-Event-ID or ?after=, then live',
    query: eventsQuery,
    stream: true,
  },
  {
    method: 'get',
    path: '/api/approvals',
    summary: "Pending decisions across runs (the inbox), with each run's inputs and an escalated step's output schema",
  },
  {
    method: 'post',
    path: '/api/runs/{id}/approvals/{approvalId}',
    summary: 'Decide a pending approval',
    body: decideBody,
  },
];

const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: Object.keys(httpStatusForError) },
    message: { type: 'string' },
    hint: { type: 'string' },
    issues: { type: 'array', items: { type: 'object' } },
  },
};

/** The OpenAPI 3.1 document of the API, generated from the request schemas. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
        name: match[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: toSchema(schema as z.ZodType),
      })),
    ];
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      security: [{ bearer: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body) } } } }
        : {}),
      responses: {
        [String(route.ok ?? 200)]: {
          description: 'OK',
          content: route.stream ? { 'text/event-stream': {} } : { 'application/json': {} },
        },
        default: {
          description: 'An error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Brigade API', version: '0.1.0' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

function toSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  void $schema;
  return rest;
}
