import { useState } from 'react';
import { ApiClientError, api, currentToken, setToken, tokenCameFromAddress } from '../api.ts';

/** Asks for the API token when the browser has none (or a wrong one). */
export function LoginPage(props: { onSignedIn: () => void }) {
  const [value, setValue] = useState('');
  // A token that was there and refused (a wrong or old link): say so before anything is typed.
  const [error, setError] = useState(
    currentToken()
      ? tokenCameFromAddress
        ? 'The token in the link you opened is not this server’s token. Paste the current one.'
        : 'The token this browser kept is not this server’s token any more. Paste the current one.'
      : '',
  );
  const [busy, setBusy] = useState(false);
  return (
    <div className="login">
      <form
        className="card login-card"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setToken(value);
          try {
            await api.workspace();
            props.onSignedIn();
          } catch (caught) {
            setError(
              caught instanceof ApiClientError && caught.status === 401
                ? 'That token is not this server’s token.'
                : String(caught),
            );
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="brand">
          <span className="logo" aria-hidden="true">
            B
          </span>
          <span>Brigade</span>
        </div>
        <h1>Sign in to this workspace</h1>
        <p className="muted">
          Paste the API token that <code>npm start</code> or <code>brigade serve</code> printed. It is also in the
          workspace’s <code>.brigade/api-token</code> file.
        </p>
        <label className="field">
          <span>API token</span>
          <input
            type="password"
            autoComplete="off"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={error ? true : undefined}
            required
          />
        </label>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button className="button primary" type="submit" disabled={busy || !value.trim()}>
          Sign in
        </button>
      </form>
    </div>
  );
}
