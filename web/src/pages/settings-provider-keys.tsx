import { useState } from 'react';
import type { ProviderInfo } from '../../../src/server/api-types.ts';
import { api, errorText } from '../api.ts';

/** The model providers that take a key: where each key comes from, masked, and a form to store or remove one. */
export function ProviderKeys(props: { providers: ProviderInfo[]; onChange: () => Promise<void> }) {
  const keyed = props.providers.filter((provider) => provider.needsKey);
  const local = props.providers.filter((provider) => !provider.needsKey && provider.name !== 'simulator');
  return (
    <section className="card" aria-labelledby="st-providers">
      <div className="card-title">
        <h2 id="st-providers">Model providers</h2>
      </div>
      <p className="muted st-intro">
        Keys you add here are stored encrypted in this workspace; the key that unlocks them stays on this computer, so a
        copied or shared workspace carries no usable key. A key set in the environment (e.g. OPENAI_API_KEY) wins over a
        stored one. Without a key, agents on that provider are simulated.
      </p>
      <ul className="st-providers" data-testid="providers">
        {keyed.map((provider) => (
          <ProviderRow key={provider.name} provider={provider} onChange={props.onChange} />
        ))}
      </ul>
      {local.length ? (
        <p className="field-help">Local servers need no key: {local.map((provider) => provider.name).join(', ')}.</p>
      ) : null}
    </section>
  );
}

function ProviderRow(props: { provider: ProviderInfo; onChange: () => Promise<void> }) {
  const { provider } = props;
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const label = `API key for ${provider.name}`;

  async function act(action: () => Promise<unknown>, message: string) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
      setKey('');
      setDone(message);
      await props.onChange();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="st-provider" data-testid={`provider-${provider.name}`}>
      <div className="st-provider-head">
        <div>
          <h3 className="st-provider-name">
            {provider.name}
            {provider.custom ? <span className="tag">custom</span> : null}
          </h3>
          {provider.apiKeyEnv ? <span className="faint mono st-env">{provider.apiKeyEnv}</span> : null}
        </div>
        <KeyStatus provider={provider} />
      </div>
      {provider.keySource === 'environment' ? (
        <p className="field-help">
          {provider.stored
            ? `A key is also stored in Brigade; the environment variable ${provider.apiKeyEnv} wins while it is set.`
            : `A key saved here is used only when ${provider.apiKeyEnv} is not set in the environment.`}
        </p>
      ) : null}
      <form
        className="st-key-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) void act(() => api.setProviderKey(provider.name, key.trim()), 'Key saved.');
        }}
      >
        <input
          type="password"
          aria-label={label}
          autoComplete="off"
          value={key}
          placeholder={provider.stored ? 'Paste a new key to replace it' : 'Paste the key'}
          onChange={(event) => setKey(event.target.value)}
        />
        <button type="submit" className="button primary small" disabled={busy || key.trim() === ''}>
          {provider.stored ? 'Replace key' : 'Save key'}
        </button>
        {provider.stored ? (
          <button
            type="button"
            className="button danger small"
            disabled={busy}
            onClick={() => void act(() => api.removeProviderKey(provider.name), 'Stored key removed.')}
          >
            Remove stored key
          </button>
        ) : null}
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="st-done" role="status">
          {done}
        </p>
      ) : null}
    </li>
  );
}

function KeyStatus(props: { provider: ProviderInfo }) {
  const { provider } = props;
  const masked = provider.keyEnding ? `••••••••${provider.keyEnding}` : '••••••••';
  if (provider.keySource === 'environment') {
    return (
      <span className="st-status">
        <span className="badge badge-green">Set in environment</span>
        <span className="mono st-mask" data-testid={`key-${provider.name}`}>
          {masked}
        </span>
      </span>
    );
  }
  if (provider.keySource === 'stored') {
    return (
      <span className="st-status">
        <span className="badge badge-blue">Stored in Brigade</span>
        <span className="mono st-mask" data-testid={`key-${provider.name}`}>
          {masked}
        </span>
      </span>
    );
  }
  if (provider.keySet) return <span className="badge badge-gray">No key needed</span>;
  return <span className="badge badge-amber">Not set: simulated</span>;
}
