// Configuration: the disclosure threshold k, the protection level and the
// fiscal year start, each with what changing it does. Changes apply to the next
// release the pipeline builds; the release being served keeps its own values.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { DEFAULTS, OVERRIDES, readSettings, ReleaseSettings, SettingsError, writeSettings } from '~/admin/config-file.server';
import { recordEvent } from '~/audit/record.server';
import { requireCsrf } from '~/auth/csrf.server';
import { requireRole } from '~/auth/guards.server';
import { CsrfInput } from '~/components/CsrfInput';
import { FormErrors } from '~/components/FormErrors';
import { loadRelease } from '~/dashboard/load.server';
import { MONTH_NAMES } from '~/lib/format';

const FIELD_NAMES: Record<string, string> = { k: 'Threshold k', protectionLevel: 'The protection level', fiscalYearStartMonth: 'The fiscal year start' };

/** The file's three settings, or, when the pipeline would refuse the file, the defaults and why it would. */
function currentSettings(): { settings: ReleaseSettings; problem: string | null } {
  try {
    return { settings: readSettings(), problem: null };
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    return { settings: DEFAULTS, problem: e.message };
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const release = await loadRelease();
  const m = release?.manifest;
  const { settings, problem } = currentSettings();
  return {
    settings,
    problem,
    served: m ? { k: m.k, protectionLevel: m.protection_level, fiscalYearStartMonth: m.fiscal_year_start_month } : null,
    overrides: OVERRIDES,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signed = await requireRole(request, 'admin');
  const form = await requireCsrf(request);
  const parsed = ReleaseSettings.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => `${FIELD_NAMES[String(i.path[0])] ?? 'The form'} ${i.message}.`);
    return data({ errors, saved: false }, { status: 400 });
  }
  const { settings: before, problem } = currentSettings();
  try {
    await writeSettings(parsed.data);
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    return data({ errors: [`Not saved: ${e.message}. Fix that key in the file itself; the pipeline refuses the file until then.`], saved: false }, { status: 400 });
  }
  const was = (key: keyof ReleaseSettings) => (problem ? '(file refused)' : String(before[key]));
  await recordEvent(signed.user.email, context, {
    action: 'config.changed',
    target: 'peer-outcomes.config.json',
    details: {
      k: `${was('k')} → ${parsed.data.k}`,
      protectionLevel: `${was('protectionLevel')} → ${parsed.data.protectionLevel}`,
      fiscalYearStartMonth: `${was('fiscalYearStartMonth')} → ${parsed.data.fiscalYearStartMonth}`,
    },
  });
  return { errors: [], saved: true };
}

export default function Configuration() {
  const { settings, problem, served, overrides } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="config-title">
      <header className="page-head">
        <h1 id="config-title">Configuration</h1>
        <p>
          These settings shape the next release the pipeline builds. The release being served keeps its own
          {served ? ` (k = ${served.k}, protection level ${served.protectionLevel}, fiscal year from ${MONTH_NAMES[served.fiscalYearStartMonth - 1]})` : ''}.
          Environment variables set where the pipeline runs ({Object.values(overrides).join(', ')}) win over these.
        </p>
      </header>
      {result?.saved && (
        <div className="panel panel--notice" role="status">
          <p>Saved. The next pipeline run uses these settings.</p>
        </div>
      )}
      <FormErrors errors={result?.errors} />
      {problem && (
        <FormErrors
          errors={[`The pipeline refuses the settings file as it is: ${problem}. The form shows the defaults. Saving writes these three settings into the file; a fault in any other key must be fixed in the file itself.`]}
        />
      )}
      <Form method="post" className="panel form-stack">
        <CsrfInput />
        <label htmlFor="k">Threshold k (people)</label>
        <input id="k" name="k" type="number" min={2} max={100} required defaultValue={settings.k} aria-describedby="k-help" />
        <p id="k-help" className="note">
          A figure resting on fewer than k people is suppressed, and so is a share whose complement is that small. The
          default, 11, is the CMS cell-size rule. A higher k hides more detail, mostly of small sites and groups; a lower
          k shows more and protects less.
        </p>
        <label htmlFor="protectionLevel">Protection level (people)</label>
        <input id="protectionLevel" name="protectionLevel" type="number" min={1} max={1000} required defaultValue={settings.protectionLevel} aria-describedby="p-help" />
        <p id="p-help" className="note">
          How wide the range an attacker can narrow a suppressed count to, from everything the release publishes, must
          stay. The audit refuses a release where any range is narrower. Usually equal to k; higher means more
          complementary suppression.
        </p>
        <label htmlFor="fiscalYearStartMonth">Fiscal year starts in</label>
        <select id="fiscalYearStartMonth" name="fiscalYearStartMonth" defaultValue={settings.fiscalYearStartMonth} aria-describedby="fy-help">
          {MONTH_NAMES.map((m, i) => (
            <option key={m} value={i + 1}>
              {m}
            </option>
          ))}
        </select>
        <p id="fy-help" className="note">
          Years and quarters in the dashboard and reports run from this month. Changing it changes every year and quarter
          figure of the next release, so compare across the change with care.
        </p>
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </section>
  );
}
