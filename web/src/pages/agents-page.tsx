import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function AgentsPage() {
  return (
    <>
      <PageHeader title="Agents" />
      <EmptyState title="Coming soon"></EmptyState>
    </>
  );
}
