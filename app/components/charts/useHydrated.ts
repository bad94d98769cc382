import { useEffect, useState } from 'react';

/** False on the server and in the first client render, true after hydration: charts measure the page, so they draw only then. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
