// The typed client of the Brigade API: the web app and the tests use it. Only fetch, no server code.
import type { Issue, RunEvent, RunStatus } from '../../spec/index.ts';
import type {
  AgentListItem,
  AgentResponse,
  ApiErrorBody,
  ApiErrorCode,
  CancelResponse,
  CheckBody,
  CheckResponse,
  DecideBody,
  DecideResponse,
  ExplainResponse,
  FindingsResponse,
  InboxItem,
  PlaybookListItem,
  PlaybookResponse,
  ProviderInfo,
  PutSettingsBody,
  ResumeRunBody,
  RunListItem,
  RunResponse,
  RunStartedResponse,
  SettingsResponse,
  StartRunBody,
  StreamMessage,
  WorkspaceResponse,
} from '../api-types.ts';

/** An error answer of the API, with its code and HTTP status. */
export class ApiClientError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly hint: string | undefined;
  readonly issues: Issue[] | undefined;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiClientError';
    this.status = status;
    this.code = body.code;
    this.hint = body.hint;
    this.issues = body.issues;
  }
}

/** Where the API is and the token to send. */
export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

/**
 * Creates a client of the Brigade API.
 * @example
 * const api = createApiClient({ baseUrl: 'http://127.0.0.1:4870', token });
 * const { runId } = await api.startRun({ playbook: 'content-launch', dryRun: true });
 * for await (const message of api.events(runId)) if (message.kind === 'event') console.log(message.event.type);
 */
export function createApiClient(options: ApiClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/$/, '');

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new ApiClientError(response.status, parsed as ApiErrorBody);
    return parsed as T;
  }

  const name = encodeURIComponent;
  return {
    workspace: () => call<WorkspaceResponse>('GET', '/api/workspace'),
    openApi: () => call<Record<string, unknown>>('GET', '/api/openapi.json'),
    /** The issues the workspace would have with this file written; nothing is written. */
    check: (body: CheckBody) => call<CheckResponse>('POST', '/api/check', body),
    settings: () => call<SettingsResponse>('GET', '/api/settings'),
    putSettings: (body: PutSettingsBody) => call<SettingsResponse>('PUT', '/api/settings', body),
    setProviderKey: (provider: string, key: string) =>
      call<ProviderInfo>('PUT', `/api/providers/${name(provider)}/key`, { key }),
    removeProviderKey: (provider: string) => call<ProviderInfo>('DELETE', `/api/providers/${name(provider)}/key`),
    listAgents: () => call<AgentListItem[]>('GET', '/api/agents'),
    getAgent: (agent: string) => call<AgentResponse>('GET', `/api/agents/${name(agent)}`),
    putAgent: (agent: string, yaml: string) => call<AgentResponse>('PUT', `/api/agents/${name(agent)}`, { yaml }),
    deleteAgent: (agent: string) =>
      call<{ name: string; file: string; deleted: true }>('DELETE', `/api/agents/${name(agent)}`),
    listPlaybooks: () => call<PlaybookListItem[]>('GET', '/api/playbooks'),
    getPlaybook: (playbook: string) => call<PlaybookResponse>('GET', `/api/playbooks/${name(playbook)}`),
    putPlaybook: (playbook: string, yaml: string) =>
      call<PlaybookResponse>('PUT', `/api/playbooks/${name(playbook)}`, { yaml }),
    deletePlaybook: (playbook: string) =>
      call<{ name: string; file: string; deleted: true }>('DELETE', `/api/playbooks/${name(playbook)}`),
    startRun: (body: StartRunBody) => call<RunStartedResponse>('POST', '/api/runs', body),
    listRuns: (query: { status?: RunStatus; limit?: number } = {}) => {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      const search = params.size ? `?${params}` : '';
      return call<RunListItem[]>('GET', `/api/runs${search}`);
    },
    getRun: (runId: string) => call<RunResponse>('GET', `/api/runs/${name(runId)}`),
    findings: (runId: string) => call<FindingsResponse>('GET', `/api/runs/${name(runId)}/findings`),
    explainRun: (runId: string, step?: string) =>
      call<ExplainResponse>(
        'GET',
        `/api/runs/${name(runId)}/explain${step === undefined ? '' : `?step=${encodeURIComponent(step)}`}`,
      ),
    cancelRun: (runId: string, reason?: string) =>
      call<CancelResponse>('POST', `/api/runs/${name(runId)}/cancel`, reason === undefined ? {} : { reason }),
    resumeRun: (runId: string, body: ResumeRunBody = {}) =>
      call<RunStartedResponse>('POST', `/api/runs/${name(runId)}/resume`, body),
    inbox: () => call<InboxItem[]>('GET', '/api/approvals'),
    decide: (runId: string, approvalId: string, body: DecideBody) =>
      call<DecideResponse>('POST', `/api/runs/${name(runId)}/approvals/${name(approvalId)}`, body),
    /**
     * The run's events (after `after`, then live) and streamed text, until the run ends or `signal`
     * aborts. Reconnect with the last event's seq as `after` to go on without loss or repeats.
     */
    events(runId: string, streamOptions: { after?: number; signal?: AbortSignal } = {}): AsyncIterable<StreamMessage> {
      return readEventStream(doFetch, `${base}/api/runs/${name(runId)}/events`, options.token, streamOptions);
    },
  };
}

/** The client's type, for code that receives one. */
export type ApiClient = ReturnType<typeof createApiClient>;

async function* readEventStream(
  doFetch: typeof fetch,
  url: string,
  token: string,
  options: { after?: number; signal?: AbortSignal },
): AsyncGenerator<StreamMessage> {
  const response = await doFetch(url, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      ...(options.after === undefined ? {} : { 'last-event-id': String(options.after) }),
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!response.ok) throw new ApiClientError(response.status, (await response.json()) as ApiErrorBody);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const message = parseBlock(block);
        if (message) yield message;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** One SSE block as a message; a comment-only block is a heartbeat. */
function parseBlock(block: string): StreamMessage | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return block.startsWith(': heartbeat') ? { kind: 'heartbeat' } : undefined;
  const payload = JSON.parse(data.join('\n')) as unknown;
  if (type === 'delta') return { kind: 'delta', ...(payload as { unit: string; text: string }) };
  return { kind: 'event', event: payload as RunEvent };
}
