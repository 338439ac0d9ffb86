import { EmptyState, PageHeader } from '../components/ui.tsx';

// Placeholder: this page is being built.
export function InboxPage() {
  return (
    <>
      <PageHeader title="Inbox" />
      <EmptyState title="Coming soon"></EmptyState>
    </>
  );
}
