// A chart's table behind a <details>: closed, so a page of charts stays short,
// but in the server's HTML with every row, so it opens without JavaScript (or
// before the page's script has loaded) and printing opens it (root.tsx).
import type { ReactNode } from 'react';

export function TableToggle({ summary, tableId, children }: { summary: ReactNode; tableId: string; children: ReactNode }) {
  return (
    <details className="table-toggle" data-table-id={tableId}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
