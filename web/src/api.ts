// The app's one API client. The token comes from the address (`#token=…`, what `npm start` and
// `brigade serve` print), is kept in this browser's localStorage, and is taken out of the address bar.
import { ApiClientError, createApiClient } from '../../src/server/client/create-api-client.ts';

export { ApiClientError };
export type Api = ReturnType<typeof createApiClient>;

const key = 'brigade.token';

function tokenFromAddress(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname + location.search);
  return decodeURIComponent(match[1]!);
}

const fromAddress = tokenFromAddress();
let token = fromAddress ?? localStorage.getItem(key) ?? '';
if (token) localStorage.setItem(key, token);
/** Whether the token in use came from the address this page was opened with (for the sign-in page's words). */
export const tokenCameFromAddress = fromAddress !== null;

// A sign-in link opened on a page of the app that is already open changes only the fragment.
window.addEventListener('hashchange', () => {
  const next = tokenFromAddress();
  if (next === null) return;
  localStorage.setItem(key, next);
  location.reload();
});

export function currentToken(): string {
  return token;
}

export function setToken(value: string): void {
  token = value.trim();
  if (token) localStorage.setItem(key, token);
  else localStorage.removeItem(key);
  api = createApiClient({ baseUrl: location.origin, token });
}

export let api: Api = createApiClient({ baseUrl: location.origin, token });

/** A message for any error: the API's own message and hint, or what went wrong on the way. */
export function errorText(error: unknown): string {
  if (error instanceof ApiClientError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
