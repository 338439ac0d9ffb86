import { APICallError } from '@ai-sdk/provider';
import type { ModelFault } from '../../spec/index.ts';
import type { ProviderDefinition } from './known-providers.ts';
import { StreamFailure } from './read-model-stream.ts';
import { readRateLimit } from './read-rate-limit.ts';

/** What classification needs to know about the call that failed. */
export interface FaultContext {
  provider: ProviderDefinition;
  baseUrl: string | undefined;
  signal: AbortSignal;
  /** Values that must never appear in a message (API keys). */
  secrets: readonly string[];
  now(): number;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const quotaWords = /insufficient_quota|billing|credit balance|exceeded your current quota|payment required/i;

/** Turns whatever a provider call threw into a ModelFault with a plain, key-free message. */
export function classifyFault(error: unknown, context: FaultContext): ModelFault {
  const fault = classify(error, context);
  return { ...fault, message: redactSecrets(fault.message, context.secrets) };
}

function classify(error: unknown, context: FaultContext): ModelFault {
  const { signal, provider } = context;
  if (signal.aborted) {
    return isNamed(signal.reason, 'TimeoutError')
      ? { code: 'timeout', message: `the call to ${provider.name} timed out`, retryable: true }
      : { code: 'cancelled', message: `the call to ${provider.name} was cancelled`, retryable: false };
  }
  if (error instanceof StreamFailure) {
    const when = error.partialOutput ? 'after partial output was already streamed' : 'before any output';
    // Output already streamed reached the caller: whoever retries must know.
    const partial = error.partialOutput ? { partialOutput: true } : {};
    if (error.kind === 'cut') {
      const message = `the ${provider.name} stream broke off ${when}: ${messageOf(error.cause)}`;
      return { code: 'stream-cut', message, retryable: true, ...partial };
    }
    const inner = classifyReported(error.cause, context);
    return error.partialOutput ? { ...inner, message: `${inner.message} (${when})`, ...partial } : inner;
  }
  if (APICallError.isInstance(error) && error.statusCode !== undefined) return classifyHttp(error, context);
  if (isNamed(error, 'TimeoutError')) {
    return { code: 'timeout', message: `the call to ${provider.name} timed out: ${messageOf(error)}`, retryable: true };
  }
  if (isNamed(error, 'AbortError')) {
    return { code: 'cancelled', message: `the call to ${provider.name} was aborted`, retryable: false };
  }
  if (isNetworkError(error)) {
    const where = context.baseUrl ? ` at ${context.baseUrl}` : '';
    const hint = provider.unreachableHint ? `; ${provider.unreachableHint}` : '';
    return {
      code: 'network',
      message: `cannot reach ${provider.name}${where}: ${messageOf(error)}${hint}`,
      retryable: true,
    };
  }
  return { code: 'unknown', message: `the call to ${provider.name} failed: ${messageOf(error)}`, retryable: false };
}

function classifyHttp(error: APICallError, context: FaultContext): ModelFault {
  const status = error.statusCode ?? 0;
  const { provider } = context;
  const message = `${provider.name} answered HTTP ${status}: ${shorten(error.message)}`;
  const retryAfterMs = readRetryAfter(error.responseHeaders ?? {}, context.now());
  const rateLimit = readRateLimit(error.responseHeaders, context.now());
  const retryAfter = { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...(rateLimit ? { rateLimit } : {}) };
  if (status === 402 || (quotaWords.test(`${error.message} ${error.responseBody ?? ''}`) && status < 500)) {
    return { code: 'quota', message: `${message} (quota or billing: check the account)`, retryable: false };
  }
  if (status === 429) return { code: 'rate-limit', message, retryable: true, ...retryAfter };
  if (status === 401 || status === 403) {
    const refused = status === 401 ? 'authentication failed' : 'access denied';
    const check = provider.apiKeyEnv ? `: check ${provider.apiKeyEnv}` : '';
    return { code: 'auth', message: `${message} (${refused}${check})`, retryable: false };
  }
  if (status === 408 || status === 504) return { code: 'timeout', message, retryable: true };
  if (status === 529 || status === 503 || /overloaded/i.test(error.message)) {
    return { code: 'overload', message, retryable: true, ...retryAfter };
  }
  if (status >= 500) return { code: 'server', message, retryable: true, ...retryAfter };
  const hint = status === 404 ? ' (is the model name right?)' : '';
  return { code: 'bad-request', message: `${message}${hint}`, retryable: false };
}

// An error the provider reported inside a stream: classified by its type or code.
function classifyReported(error: unknown, context: FaultContext): ModelFault {
  if (APICallError.isInstance(error) && error.statusCode !== undefined) return classifyHttp(error, context);
  const kind = errorKind(error);
  const message = `${context.provider.name} reported an error: ${messageOf(error)}`;
  if (/overloaded/i.test(kind)) return { code: 'overload', message, retryable: true };
  if (/rate_limit|rate-limit/i.test(kind)) return { code: 'rate-limit', message, retryable: true };
  if (quotaWords.test(kind)) return { code: 'quota', message, retryable: false };
  if (/auth|permission|api_key/i.test(kind)) return { code: 'auth', message, retryable: false };
  if (/invalid_request|not_found|context_length/i.test(kind)) return { code: 'bad-request', message, retryable: false };
  return { code: 'server', message, retryable: true };
}

/** Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function readRetryAfter(headers: Record<string, string>, now: number): number | undefined {
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const ms = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  const value = lower['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Removes API keys (known values and key-shaped tokens) from a message. */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length >= 6) text = text.replaceAll(secret, '[redacted]');
  return text
    .replace(/\b(?:sk|pk|rk)-[A-Za-z0-9_\-*.]{6,}/g, '[redacted]')
    .replace(/(Bearer\s+)[^\s"']+/gi, '$1[redacted]')
    .replace(/([?&](?:api[-_]?key|key|token)=)[^&\s"']+/gi, '$1[redacted]');
}

function isNetworkError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return true;
    const message = current instanceof Error ? current.message : '';
    if (/^(fetch failed|cannot connect to api)/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function errorKind(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const record = error as { type?: unknown; code?: unknown; error?: unknown };
  const inner = typeof record.error === 'object' && record.error !== null ? errorKind(record.error) : '';
  return [record.type, record.code].filter((item) => typeof item === 'string').join(' ') + (inner ? ` ${inner}` : '');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : '';
    return shorten(error.message + cause);
  }
  if (typeof error === 'object' && error !== null) {
    const record = error as { message?: unknown; error?: { message?: unknown } };
    const message = record.message ?? record.error?.message;
    if (typeof message === 'string') return shorten(message);
    return shorten(JSON.stringify(error));
  }
  return shorten(String(error));
}

function isNamed(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
