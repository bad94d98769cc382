// A table behind a closed <details>: its rows are rendered only once it is
// opened (or the page is printed, or a parent asks for every table), never in
// the server's HTML. The tables hold every number of every chart, which made
// them most of a page's HTML and of its server render time, for something a
// reader opens now and then. The rows come from the route's loader data, so
// opening a table needs no request.
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';

// ---------------------------------------------------------------------------
// Printing: root.tsx sets this (inside flushSync) when printing starts, so the
// rows are in the document before the browser lays out the printed page.

let printing = false;
const listeners = new Set<() => void>();

export function setPrinting(value: boolean): void {
  if (printing === value) return;
  printing = value;
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** True while the page is being printed (never on the server). */
function usePrinting(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => printing,
    () => false,
  );
}

/** Renders every TableToggle under it with its rows (a printed report, a test). */
export const AllTablesOpen = createContext(false);

export function TableToggle({ summary, tableId, children }: { summary: ReactNode; tableId: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [opened, setOpened] = useState(false);
  const all = useContext(AllTablesOpen);
  const print = usePrinting();
  // Opened before hydration, when no one listened to its toggle event.
  useEffect(() => {
    if (ref.current?.open) setOpened(true);
  }, []);
  return (
    <details
      ref={ref}
      className="table-toggle"
      data-table-id={tableId}
      open={all || undefined}
      onToggle={(e) => {
        if (e.currentTarget.open) setOpened(true);
      }}
    >
      <summary>{summary}</summary>
      {opened || print || all ? children : null}
    </details>
  );
}
