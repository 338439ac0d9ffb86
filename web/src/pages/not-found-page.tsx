import { EmptyState, Link } from '../components/ui.tsx';

export function NotFoundPage() {
  return (
    <EmptyState title="Nothing here">
      This address is not a page of Brigade. <Link to="/runs">Go to your runs</Link>.
    </EmptyState>
  );
}
