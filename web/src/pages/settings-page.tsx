import { useState } from 'react';
import { api } from '../api.ts';
import { ErrorNote, Loading, PageHeader } from '../components/ui.tsx';
import { useData } from '../use-data.ts';
import { ProviderKeys } from './settings-provider-keys.tsx';
import { RunSettingsForm } from './settings-run-form.tsx';
import './settings-page.css';

/** Settings: model providers' keys, and brigade.yaml's concurrency, rate limits and default budget. */
export function SettingsPage() {
  const { data, error, reload } = useData(() => api.settings(), 'settings');
  // Kept here: the form below starts afresh from what was saved, and the notice must outlive it.
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Which AI providers Brigade can use, and how much work may happen at once."
      />
      {error ? <ErrorNote title="Could not load the settings">{error}</ErrorNote> : null}
      {!data && !error ? <Loading what="settings" /> : null}
      {data ? (
        <div className="stack st-sections">
          <ProviderKeys providers={data.providers} onChange={reload} />
          <RunSettingsForm
            key={JSON.stringify([data.concurrency, data.models, data.limits, data.budget])}
            settings={data}
            saved={saved}
            onSaved={async () => {
              setSaved(true);
              await reload();
            }}
            onEdit={() => setSaved(false)}
          />
        </div>
      ) : null}
    </>
  );
}
