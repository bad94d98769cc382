// The paper sizes a report PDF comes in (the browser's own print offers any).
export const PAPERS = { letter: 'Letter', a4: 'A4' } as const;
export type Paper = keyof typeof PAPERS;
