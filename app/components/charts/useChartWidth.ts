import { useEffect, useRef, useState } from 'react';

/**
 * The width to draw a chart at: `initial` on the server and in the first
 * client render (the SVG then scales to its box by its viewBox, so the page
 * has a chart without JavaScript), the box's own width once hydrated, so text
 * keeps its size at every window width.
 */
export function useChartWidth<T extends HTMLElement>(initial: number, fixed?: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fixed ?? initial);
  useEffect(() => {
    const el = ref.current;
    if (fixed || !el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const w = Math.round(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fixed]);
  return { ref, width };
}
