import { APICallError } from '@ai-sdk/provider';
import type { SimulatorScript } from '../../../spec/index.ts';

type SimulatedFault = NonNullable<SimulatorScript['fail']>['error'];

/**
 * The error a real provider call would raise for this fault, so simulated faults are classified
 * by the same code as real ones.
 */
export function createSimulatedFault(fault: SimulatedFault, modelId: string): Error {
  const url = `simulator://${modelId}`;
  const http = (statusCode: number, message: string, extra: { headers?: Record<string, string>; type: string }) =>
    new APICallError({
      message: `${message} (simulated)`,
      url,
      requestBodyValues: {},
      statusCode,
      responseHeaders: extra.headers ?? {},
      responseBody: JSON.stringify({ error: { type: extra.type, message } }),
      data: { error: { type: extra.type, message } },
      isRetryable: statusCode !== 400,
    });
  switch (fault) {
    case 'rate-limit':
      return http(429, 'Rate limit reached', { type: 'rate_limit_error', headers: { 'retry-after': '1' } });
    case 'overload':
      return http(529, 'Overloaded', { type: 'overloaded_error' });
    case 'server':
      return http(500, 'Internal server error', { type: 'server_error' });
    case 'bad-request':
      return http(400, 'Invalid request', { type: 'invalid_request_error' });
    case 'timeout':
      return new DOMException('The request timed out (simulated)', 'TimeoutError');
  }
}
