// The guard of every report route: a funder or program manager, the programs
// they may read, and the report's program and period checked against the
// release. Null when there is no release yet.
import type { LoaderFunctionArgs } from '@remix-run/node';
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

const PaperParam = z.enum(Object.keys(PAPERS) as [Paper, ...Paper[]]).catch('letter');

export type ReportRequest = { ok: true; program: string; period: ReportPeriod; paper: Paper } | { ok: false; status: 400 | 404; message: string };

/**
 * The report a URL asks for; without a program, the account's first; without a
 * period, the latest complete quarter. Each parameter is read as the guard
 * reads it (the first of its name), so the report is of the program the guard
 * checked. Not ok, in plain words, when the release has no such program or period.
 */
export function reportRequest(release: ReleaseSnapshot, access: ProgramAccess, url: URL): ReportRequest {
  const param = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const asked = { program: param('program'), period: param('period') };
  if ((asked.program?.length ?? 0) > 200 || (asked.period?.length ?? 0) > 20) {
    return { ok: false, status: 400, message: 'This report address is not valid: choose the program and period on the reports page.' };
  }
  const program = asked.program ?? access.programs[0];
  // requireProgramAccess has refused programs not assigned; this is one the release lacks.
  if (!program || !access.programs.includes(program)) return { ok: false, status: 404, message: `This release has no program “${program ?? ''}”.` };
  const periods = reportPeriods(release);
  const period = asked.period
    ? periods.find((p) => p.period === asked.period)
    : (periods.find((p) => p.grain === 'quarter' && p.complete) ?? periods.find((p) => p.grain === 'quarter'));
  if (!period) return { ok: false, status: 404, message: `This release has no quarter or fiscal year “${asked.period ?? ''}”.` };
  return { ok: true, program, period, paper: PaperParam.parse(param('paper')) };
}
