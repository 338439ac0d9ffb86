import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" />
      <EmptyState title="Coming soon"></EmptyState>
    </>
  );
}
