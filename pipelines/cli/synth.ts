// npm run synth -- --scale tiny|skewed|demo|statewide|statewide2x --seed N --out DIR [--quiet]
// Writes the contract CSVs and synth-manifest.json into DIR. Progress and the
// summary go to stderr so stdout stays free for whatever a caller pipes.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { generate, MANIFEST_FILE, SCALE_NAMES, SCALES } from '../synth/index';

export const USAGE = `usage: npm run synth -- --scale ${SCALE_NAMES.join('|')} --seed N --out DIR [--quiet]`;

export const HELP = [
  USAGE,
  '',
  'Seeded synthetic contract CSVs and synth-manifest.json over 2024-01-01 .. 2025-12-31;',
  'same seed and scale give byte-identical files (pipelines/synth/README.md).',
  '',
  'scales:',
  ...SCALE_NAMES.map((n) => {
    const s = SCALES[n];
    const size = `${s.participants.toLocaleString('en-US')} people, ${s.programs} program${s.programs > 1 ? 's' : ''}, ${s.sites} sites`;
    return `  ${n.padEnd(12)} ${size.padEnd(40)} ${s.summary}`;
  }),
].join('\n');

const ArgsSchema = z.object({
  scale: z.enum(SCALE_NAMES, {
    error: (issue) =>
      issue.input === undefined
        ? '--scale is required'
        : `--scale must be one of ${SCALE_NAMES.join(', ')} (got '${String(issue.input)}')`,
  }),
  seed: z
    .string({ error: '--seed is required' })
    .regex(/^\d+$/, { error: (issue) => `--seed must be a non-negative integer (got '${String(issue.input)}')` })
    .transform(Number)
    .refine(Number.isSafeInteger, { error: `--seed must be at most ${Number.MAX_SAFE_INTEGER}` }),
  out: z.string({ error: '--out DIR is required' }).min(1, { error: '--out DIR is required' }),
  quiet: z.boolean().default(false),
});
export type SynthArgs = z.infer<typeof ArgsSchema>;

/** Parses argv (without node and script); throws an Error whose message is fit for the user. */
export function parseSynthArgs(argv: readonly string[]): SynthArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new Error((e as Error).message);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}

async function main(): Promise<number> {
  let args: SynthArgs;
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  try {
    args = parseSynthArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`synth: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const log = args.quiet ? undefined : (line: string) => process.stderr.write(line + '\n');
  log?.(`synth: scale ${args.scale}, seed ${args.seed} → ${args.out}`);
  try {
    const result = await generate({ scale: args.scale, seed: args.seed, outDir: args.out, log });
    const rows = result.files.reduce((a, f) => a + f.rows, 0);
    const bytes = result.files.reduce((a, f) => a + f.bytes, 0);
    const bad = result.files.reduce((a, f) => a + f.malformed, 0);
    process.stderr.write(
      `synth: done in ${result.seconds.toFixed(1)} s — ${result.files.length} files, ${rows.toLocaleString('en-US')} rows ` +
        `(${bad} planted malformed), ${(bytes / 1e6).toFixed(1)} MB; manifest ${args.out}/${MANIFEST_FILE}\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`synth: failed: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => process.exit(code));
}
