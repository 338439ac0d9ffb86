import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function PlaybooksPage() {
  return (
    <>
      <PageHeader title="Playbooks" />
      <EmptyState title="Coming soon"></EmptyState>
    </>
  );
}
