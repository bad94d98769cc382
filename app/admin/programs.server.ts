// The programs an administrator can assign: those of the current release, plus
// any already assigned (a program may be missing from one release), plus "all".
import { ALL_PROGRAMS } from '~/auth/guards.server';
import { readRelease } from '~/release/reader.server';

export interface ProgramChoice {
  value: string;
  label: string;
}

export async function programChoices(alreadyAssigned: readonly string[] = []): Promise<ProgramChoice[]> {
  let inRelease: string[] = [];
  try {
    const result = await readRelease();
    if (result.kind === 'release') inRelease = result.release.values('program').map((v) => v.dimension_value);
  } catch {
    // An unreadable release still lets the administrator manage accounts.
  }
  const names = [...new Set([...inRelease, ...alreadyAssigned.filter((p) => p !== ALL_PROGRAMS)])];
  return [
    { value: ALL_PROGRAMS, label: 'All programs, including programs added later' },
    ...names.map((p) => ({ value: p, label: inRelease.includes(p) ? p : `${p} (not in the current release)` })),
  ];
}
