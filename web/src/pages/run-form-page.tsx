import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function RunFormPage(props: { name: string }) {
  return (
    <>
      <PageHeader title="Run a playbook" />
      <EmptyState title="Coming soon">{props.name ?? ''}</EmptyState>
    </>
  );
}
