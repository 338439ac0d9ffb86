import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function AgentEditPage(props: { name?: string }) {
  return (
    <>
      <PageHeader title="Agent" />
      <EmptyState title="Coming soon">{props.name ?? ''}</EmptyState>
    </>
  );
}
