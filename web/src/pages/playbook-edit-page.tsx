import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function PlaybookEditPage(props: { name?: string }) {
  return (
    <>
      <PageHeader title="Playbook" />
      <EmptyState title="Coming soon">{props.name ?? ''}</EmptyState>
    </>
  );
}
