// The guard of every report route: a funder or program manager, the programs
// they may read, and the report's program and period checked against the
// release. Null when there is no release yet.
import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { requireProgramAccess, requireRole, type ProgramAccess } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import { loadRelease } from '~/dashboard/load.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { PAPERS, type Paper } from './paper';
import { reportPeriods, type ReportPeriod } from './report.server';

export const REPORT_ROLES = ['funder', 'program_manager'] as const;

export async function requireReports(
  { request }: LoaderFunctionArgs,
  opts: { resource?: boolean } = {},
): Promise<{ signed: SignedIn; release: ReleaseSnapshot; access: ProgramAccess } | null> {
  const signed = await requireRole(request, REPORT_ROLES, opts);
  const release = await loadRelease();
  if (!release) return null;
  return { signed, release, access: await requireProgramAccess(signed, release, request) };
}

const Params = z.object({
  program: z.string().trim().max(200).optional(),
  period: z.string().trim().max(20).optional(),
  paper: z.enum(Object.keys(PAPERS) as [Paper, ...Paper[]]).catch('letter'),
});

/**
 * The report a URL asks for; without a program, the account's first; without a
 * period, the latest complete quarter. A 404 in plain words when the release
 * has no such program or period.
 */
export function reportRequest(release: ReleaseSnapshot, access: ProgramAccess, url: URL): { program: string; period: ReportPeriod; paper: Paper } {
  const parsed = Params.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw data({ message: 'This report address is not valid: choose the program and period on the reports page.' }, { status: 400 });
  const { paper } = parsed.data;
  const program = parsed.data.program || access.programs[0];
  // requireProgramAccess has refused programs not assigned; this is one the release lacks.
  if (!program || !access.programs.includes(program)) throw data({ message: `This release has no program “${program ?? ''}”.` }, { status: 404 });
  const periods = reportPeriods(release);
  const period = parsed.data.period
    ? periods.find((p) => p.period === parsed.data.period)
    : (periods.find((p) => p.grain === 'quarter' && p.complete) ?? periods.find((p) => p.grain === 'quarter'));
  if (!period) throw data({ message: `This release has no quarter or fiscal year “${parsed.data.period ?? ''}”.` }, { status: 404 });
  return { program, period, paper };
}
