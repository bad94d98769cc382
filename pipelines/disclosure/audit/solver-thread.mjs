// A worker thread of the audit (workers.ts): TypeScript sources need a loader
// in a thread the test runner started, so this plain module registers tsx and
// then loads the solver.
import { register } from 'tsx/esm/api';

register();
await import('./solver-thread-main.ts');
