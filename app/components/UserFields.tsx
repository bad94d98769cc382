// The fields an administrator sets on an account: name, roles, programs.
import { ROLE_LABELS, ROLE_PURPOSES, ROLES, type Role } from '~/auth/roles';

export function UserFields({
  name,
  roles,
  programs,
  choices,
}: {
  name: string;
  roles: readonly Role[];
  programs: readonly string[];
  choices: { value: string; label: string }[];
}) {
  return (
    <>
      <label htmlFor="name">Name</label>
      <input id="name" name="name" type="text" required maxLength={200} defaultValue={name} />
      <fieldset className="choices">
        <legend>Roles</legend>
        {ROLES.map((r) => (
          <label key={r}>
            <input type="checkbox" name="roles" value={r} defaultChecked={roles.includes(r)} /> <strong>{ROLE_LABELS[r]}</strong>: {ROLE_PURPOSES[r]}
          </label>
        ))}
      </fieldset>
      <fieldset className="choices">
        <legend>Programs (for the program manager, funder and analyst roles)</legend>
        {choices.map((c) => (
          <label key={c.value}>
            <input type="checkbox" name="programs" value={c.value} defaultChecked={programs.includes(c.value)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </>
  );
}
