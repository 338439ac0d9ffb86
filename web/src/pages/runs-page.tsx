import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" />
      <EmptyState title="Coming soon"></EmptyState>
    </>
  );
}
