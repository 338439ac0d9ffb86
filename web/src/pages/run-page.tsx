import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function RunPage(props: { runId: string }) {
  return (
    <>
      <PageHeader title="Run" />
      <EmptyState title="Coming soon">{props.runId ?? ''}</EmptyState>
    </>
  );
}
