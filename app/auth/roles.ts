// Roles, shared by server and browser (labels only; the checks are server-side).
export const ROLES = ['admin', 'program_manager', 'funder', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  program_manager: 'Program manager',
  funder: 'Funder',
  analyst: 'Staff / analyst',
};

export const ROLE_PURPOSES: Record<Role, string> = {
  admin: 'users, configuration, releases and the audit trail; no program data by this role alone',
  program_manager: 'the dashboards of the assigned programs',
  funder: 'the reports of the funded programs, nothing finer',
  analyst: 'de-identified exports of the assigned programs',
};
