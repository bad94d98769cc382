// The web app's boundary, checked statically: app/ reaches into pipelines/ only
// through the release format module and, from *.server.ts modules, the settings
// module (decision 0011), never names the analytics store, and keeps DuckDB
// inside *.server.ts modules (which Remix never ships to the browser).

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(ROOT, 'app');
const ALLOWED_PIPELINE_MODULE = 'pipelines/release/format';
/** The settings file's schema, shared with the pipeline's configuration: server modules only, and it imports no pipeline code. */
const SETTINGS_MODULE = 'pipelines/release/settings';
const SETTINGS_MODULE_IMPORTS = ['node:fs', 'node:path', 'zod'];
const CODE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

interface Violation {
  file: string;
  rule: 'pipelines' | 'analytics' | 'duckdb' | 'settings';
  detail: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

/** Every module specifier in a source file: imports, re-exports, import(), require(), references. */
export function importSpecifiers(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return [...info.importedFiles, ...info.referencedFiles].map((ref) => ref.fileName);
}

/**
 * Where a specifier written in `fromFile` points, as a repo-relative path without
 * extension, or null for a package. Handles relative paths, the `~/` alias and
 * bare paths that tsconfig's baseUrl (".") would resolve from the repo root.
 */
export function resolveSpecifier(fromFile: string, specifier: string, root = ROOT): string | null {
  const spec = specifier.replace(/[?#].*$/, '');
  let target: string;
  if (spec.startsWith('.') || path.isAbsolute(spec)) target = path.resolve(path.dirname(fromFile), spec);
  else if (spec.startsWith('~/')) target = path.join(root, 'app', spec.slice(2));
  else {
    const first = spec.split('/')[0] ?? '';
    if (first === '' || first.startsWith('@') || !existsSync(path.join(root, first))) return null;
    target = path.join(root, spec);
  }
  return path
    .relative(root, target)
    .split(path.sep)
    .join('/')
    .replace(/\.(d\.ts|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, '')
    .replace(/\/index$/, '');
}

export function checkFile(file: string, source: string, root = ROOT): Violation[] {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const violations: Violation[] = [];
  if (/analytics\.duckdb/i.test(source)) {
    violations.push({ file: rel, rule: 'analytics', detail: 'mentions analytics.duckdb' });
  }
  if (!CODE_FILE.test(file)) return violations;
  for (const specifier of importSpecifiers(source)) {
    const target = resolveSpecifier(file, specifier, root);
    if (target === SETTINGS_MODULE) {
      if (!file.endsWith('.server.ts')) violations.push({ file: rel, rule: 'settings', detail: `imports ${specifier} outside a *.server.ts module` });
    } else if (target !== null && (target === 'pipelines' || target.startsWith('pipelines/')) && target !== ALLOWED_PIPELINE_MODULE) {
      violations.push({ file: rel, rule: 'pipelines', detail: `imports ${specifier} (→ ${target})` });
    }
    if (/^(@duckdb\/|duckdb$)/.test(specifier) && !file.endsWith('.server.ts')) {
      violations.push({ file: rel, rule: 'duckdb', detail: `imports ${specifier} outside a *.server.ts module` });
    }
  }
  return violations;
}

describe('app boundary', () => {
  const files = walk(APP);

  it('finds the app files to check', () => {
    const rel = files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(rel).toContain('app/root.tsx');
    expect(rel).toContain('app/release/reader.server.ts');
  });

  it('app/ imports nothing from pipelines/ but the release format, names no analytics store, keeps DuckDB server-only', () => {
    const violations = files.flatMap((file) => checkFile(file, readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('the release reader does use the release format (the check sees real imports)', () => {
    const file = path.join(APP, 'release/reader.server.ts');
    const targets = importSpecifiers(readFileSync(file, 'utf8')).map((s) => resolveSpecifier(file, s));
    expect(targets).toContain(ALLOWED_PIPELINE_MODULE);
  });

  it('the release format module imports nothing, so the exception cannot pull in more', () => {
    const format = path.join(ROOT, `${ALLOWED_PIPELINE_MODULE}.ts`);
    expect(importSpecifiers(readFileSync(format, 'utf8'))).toEqual([]);
  });

  it('the settings module imports only zod and Node\'s file reading, so it cannot pull in pipeline code either', () => {
    const settings = path.join(ROOT, `${SETTINGS_MODULE}.ts`);
    expect(importSpecifiers(readFileSync(settings, 'utf8')).sort()).toEqual(SETTINGS_MODULE_IMPORTS);
  });

  it('the settings module is used by the server environment and the configuration page (the check sees real imports)', () => {
    for (const rel of ['env.server.ts', 'admin/config-file.server.ts']) {
      const file = path.join(APP, rel);
      expect(importSpecifiers(readFileSync(file, 'utf8')).map((s) => resolveSpecifier(file, s))).toContain(SETTINGS_MODULE);
    }
  });
});

describe('boundary checker catches violations', () => {
  const at = (rel: string) => path.join(ROOT, rel);
  const rules = (rel: string, source: string) => checkFile(at(rel), source).map((v) => v.rule);

  it.each([
    ['relative import', 'app/example.server.ts', `import { x } from '../pipelines/stages/load';`],
    ['deep relative import', 'app/routes/example.tsx', `import x from '../../pipelines/disclosure/audit.ts';`],
    ['alias escaping app/', 'app/routes/example.tsx', `import x from '~/../pipelines/metrics/cube';`],
    ['baseUrl bare path', 'app/routes/example.tsx', `import { y } from 'pipelines/contract/schemas';`],
    ['the folder itself', 'app/example.ts', `import * as p from '../pipelines';`],
    ['re-export', 'app/example.ts', `export * from '../pipelines/runner';`],
    ['type-only import', 'app/lib/example.ts', `import type { T } from '../../pipelines/contract/entities';`],
    ['dynamic import', 'app/routes/example.tsx', `const m = await import('../../pipelines/cli/pipeline');`],
    ['require', 'app/example.js', `const m = require('../pipelines/synth');`],
    ['side-effect import with query', 'app/example.ts', `import '../pipelines/stages/sql.ts?raw';`],
    ['format sibling', 'app/example.ts', `import { z } from '../pipelines/release/writer';`],
    ['absolute path', 'app/example.ts', `import { z } from '${ROOT}/pipelines/stages/load';`],
  ])('%s', (_name, file, source) => {
    expect(rules(file, source)).toEqual(['pipelines']);
  });

  it('allows the settings module in *.server.ts modules only', () => {
    expect(rules('app/admin/example.server.ts', `import { SHARED_ENV } from '../../pipelines/release/settings';`)).toEqual([]);
    expect(rules('app/routes/example.tsx', `import { SettingsFile } from '../../pipelines/release/settings';`)).toEqual(['settings']);
    expect(rules('app/lib/example.ts', `import type { SettingsFile } from '~/../pipelines/release/settings';`)).toEqual(['settings']);
    expect(rules('app/example.server.ts', `import '../pipelines/release/settings-extra';`)).toEqual(['pipelines']);
  });

  it('does not mistake an in-app folder of the same name for pipelines/', () => {
    expect(rules('app/routes/example.tsx', `import x from '../pipelines/status';`)).toEqual([]);
  });

  it('allows the release format module in all its spellings', () => {
    for (const source of [
      `import { RELEASE_FILE } from '../../pipelines/release/format';`,
      `import type { ReleasedValue } from '../../pipelines/release/format.ts';`,
      `import { MANIFEST_TABLE } from '~/../pipelines/release/format.js';`,
      `import { MANIFEST_TABLE } from 'pipelines/release/format';`,
    ]) {
      expect(rules('app/lib/example.ts', source)).toEqual([]);
    }
    expect(rules('app/example.server.ts', `import '../pipelines/release/format';`)).toEqual([]);
  });

  it('flags any mention of the analytics store, in any file', () => {
    expect(rules('app/lib/paths.ts', `const f = 'data/demo/analytics.duckdb';`)).toEqual(['analytics']);
    expect(rules('app/styles/app.css', `/* ANALYTICS.DUCKDB */`)).toEqual(['analytics']);
  });

  it('flags DuckDB outside *.server.ts', () => {
    expect(rules('app/routes/_index.tsx', `import { DuckDBInstance } from '@duckdb/node-api';`)).toEqual(['duckdb']);
    expect(rules('app/lib/db.ts', `const d = await import('@duckdb/node-bindings');`)).toEqual(['duckdb']);
    expect(rules('app/lib/db.server.ts', `import { DuckDBInstance } from '@duckdb/node-api';`)).toEqual([]);
  });

  it('ignores packages and in-app imports', () => {
    expect(
      rules('app/routes/x.tsx', `import React from 'react';\nimport { readRelease } from '~/release/reader.server';\nimport '../styles/app.css';`),
    ).toEqual([]);
  });
});
