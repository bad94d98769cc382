import { defineConfig } from 'vitest/config';
import tsconfigPaths from 'vite-tsconfig-paths';

// Kept apart from vite.config.ts: the Remix plugin is for the app build, not for tests.
// Two projects: fast unit/integration tests, and end-to-end tests that build the app
// once (tests/e2e/global-setup.ts), start the production server (server.mjs) and drive Chromium.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Two files at a time on this project's 2-core machines: vitest's default leaves one core idle
    // (cores − 1), and most files wait on a browser, a server or DuckDB's own threads much of the time.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'app/**/*.test.ts', 'app/**/*.test.tsx'],
          exclude: ['tests/e2e/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
