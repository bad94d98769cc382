// A wide table's frame: it scrolls sideways inside the page (never the page
// itself), shows a shadow on the side that has more, and keeps the first
// column in view. The frame takes keyboard focus and has a name, so a keyboard
// can scroll it and a screen reader says what it holds (WCAG 2.1.1). Its name
// starts with "Table:", so it never repeats the name of the section around it.
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={`Table: ${label}`} tabIndex={0}>
      {children}
    </div>
  );
}
