// The user form's fields, validated: name, roles, programs (and email when new).
import { z } from 'zod';
import { ROLES } from '~/auth/roles';
import { EmailSchema } from '~/auth/users.server';

const UserFields = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(200),
  roles: z.array(z.enum(ROLES)),
  programs: z.array(z.string().trim().min(1).max(200)).max(500),
});

export type UserFieldsInput = z.infer<typeof UserFields>;

/** Reads the user form; errors are sentences for the page. */
export function parseUserForm(form: FormData, withEmail: boolean) {
  const raw = { name: form.get('name'), roles: form.getAll('roles'), programs: form.getAll('programs') };
  const fields = UserFields.safeParse(raw);
  const email = withEmail ? EmailSchema.safeParse(form.get('email') ?? '') : null;
  const errors = [...(fields.success ? [] : fields.error.issues.map((i) => i.message)), ...(email && !email.success ? ['Enter an email address.'] : [])];
  if (!fields.success || (email && !email.success)) return { ok: false as const, errors };
  return { ok: true as const, fields: fields.data, email: email?.data ?? null };
}
