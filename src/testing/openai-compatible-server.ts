import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSimulatedProvider,
  type SimulatedProvider,
  type SimulatedRateLimit,
} from '../adapters/models/simulator/create-simulated-provider.ts';
import type { Json } from '../spec/index.ts';

/** One scripted answer of the fake server: a completion, or an injected fault. */
export interface ScriptedReply {
  /** Assistant text; streamed in `textChunks` deltas (default 3). */
  text?: string;
  textChunks?: number;
  /** Tool calls; `arguments` is sent as given when a string, else JSON-encoded. */
  toolCalls?: Array<{ id?: string; name: string; arguments: string | Json }>;
  /** Default: `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
  /** Default: derived from the request and answer sizes. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Answer with this HTTP status and an OpenAI-style error body instead of a completion. */
  status?: number;
  error?: { message: string; type?: string; code?: string };
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** Stop after this many SSE events were written (streaming only), as `cutMode` says. */
  cutAfterChunks?: number;
  /** `destroy` (default) resets the connection; `end` closes the response cleanly, without a finish or `[DONE]`. */
  cutMode?: 'destroy' | 'end';
  /** Pause between SSE events, in ms. */
  chunkDelayMs?: number;
}

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { [key: string]: Json };
}

/** Replies in order (a queue, consumed as requests arrive), or computed from each request. */
export type ServerScript = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);

/** A running fake server; `url` is the base URL to give a client (ends in `/v1`). */
export interface OpenAICompatibleServer {
  url: string;
  requests: RecordedRequest[];
  /** With `rateLimit`: the limits it enforces, and how often it refused. */
  provider?: SimulatedProvider;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 (random port) that speaks OpenAI Chat Completions,
 * streaming and not, with scripted answers and faults.
 *
 * @example
 * const server = await startOpenAICompatibleServer([{ text: 'hello' }, { status: 429, headers: { 'retry-after': '2' } }]);
 * // point a client at server.url, then: await server.close();
 *
 * With `rateLimit`, it also limits like a real provider before answering: x-ratelimit-* headers on
 * every answer, and a 429 with retry-after-ms when requests, tokens or concurrency run over.
 */
export async function startOpenAICompatibleServer(
  script: ServerScript,
  options: { rateLimit?: SimulatedRateLimit } = {},
): Promise<OpenAICompatibleServer> {
  const requests: RecordedRequest[] = [];
  const provider = options.rateLimit ? createSimulatedProvider(options.rateLimit) : undefined;
  // The caller's array is the queue: tests may push replies while the server runs.
  const queue = Array.isArray(script) ? script : undefined;
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, { message: String(error), type: 'server_error' });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: text ? (JSON.parse(text) as { [key: string]: Json }) : {},
    };
    const index = requests.push(recorded) - 1;
    if (recorded.method !== 'POST' || recorded.path !== '/v1/chat/completions') {
      sendError(response, 404, {
        message: `no route ${recorded.method} ${recorded.path}`,
        type: 'invalid_request_error',
      });
      return;
    }
    const admission = provider?.admit(Math.ceil(text.length / 4));
    if (admission && !admission.ok) {
      sendError(response, admission.status, { message: admission.message, type: admission.type }, admission.headers);
      return;
    }
    if (admission) response.on('close', admission.release);
    const scripted = queue ? queue.shift() : (script as Exclude<ServerScript, ScriptedReply[]>)(recorded, index);
    const reply =
      scripted && admission ? { ...scripted, headers: { ...admission.headers, ...scripted.headers } } : scripted;
    if (!reply) {
      sendError(response, 500, { message: 'the test server has no scripted reply left', type: 'server_error' });
      return;
    }
    if (reply.status !== undefined && reply.status >= 400) {
      const error = reply.error ?? { message: `scripted HTTP ${reply.status}`, type: 'server_error' };
      sendError(response, reply.status, error, reply.headers);
      return;
    }
    const model = typeof recorded.body.model === 'string' ? recorded.body.model : 'unknown';
    if (recorded.body.stream === true) await streamReply(response, reply, recorded, model);
    else sendCompletion(response, reply, recorded, model);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    ...(provider ? { provider } : {}),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(
  response: ServerResponse,
  status: number,
  error: { message: string; type?: string; code?: string },
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify({ error: { type: null, code: null, param: null, ...error } }));
}

function finishReasonOf(reply: ScriptedReply): string {
  return reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
}

function usageOf(reply: ScriptedReply, request: RecordedRequest) {
  const usage = reply.usage ?? {
    prompt_tokens: Math.ceil(JSON.stringify(request.body.messages ?? []).length / 4),
    completion_tokens: Math.ceil(((reply.text ?? '').length + JSON.stringify(reply.toolCalls ?? []).length) / 4),
  };
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

function toolCallsOf(reply: ScriptedReply) {
  return (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    type: 'function' as const,
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

function sendCompletion(response: ServerResponse, reply: ScriptedReply, request: RecordedRequest, model: string): void {
  const toolCalls = toolCallsOf(reply);
  const body = {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finishReasonOf(reply),
      },
    ],
    usage: usageOf(reply, request),
  };
  response.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
  response.end(JSON.stringify(body));
}

async function streamReply(
  response: ServerResponse,
  reply: ScriptedReply,
  request: RecordedRequest,
  model: string,
): Promise<void> {
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const chunk = (delta: object, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  const events: object[] = [chunk({ role: 'assistant', content: '' })];
  for (const piece of splitText(reply.text ?? '', reply.textChunks ?? 3)) events.push(chunk({ content: piece }));
  toolCallsOf(reply).forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
      }),
    );
    for (const piece of splitText(call.function.arguments, 2)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  events.push(chunk({}, finishReasonOf(reply)));
  const streamOptions = request.body.stream_options;
  const includeUsage = typeof streamOptions === 'object' && streamOptions !== null && !Array.isArray(streamOptions);
  if (includeUsage && streamOptions.include_usage === true)
    events.push({ ...base, choices: [], usage: usageOf(reply, request) });

  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  let written = 0;
  for (const event of events) {
    if (reply.cutAfterChunks !== undefined && written >= reply.cutAfterChunks) {
      if (reply.cutMode === 'end') response.end();
      else response.destroy();
      return;
    }
    if (reply.chunkDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.chunkDelayMs));
    if (response.destroyed) return;
    // Wait until the event is flushed, so a cut that follows lands after it on the wire.
    await new Promise((resolve) => response.write(`data: ${JSON.stringify(event)}\n\n`, resolve));
    written++;
  }
  response.end('data: [DONE]\n\n');
}

function splitText(text: string, pieces: number): string[] {
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, pieces)));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}
