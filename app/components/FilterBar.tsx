// The filters of a dashboard page, as a GET form: the view lives in the URL,
// so it can be bookmarked and shared, and the form works before the page's
// JavaScript has loaded. Only values the release offers are listed. Nothing
// applies until "Show": a keyboard user moving through a list changes nothing.
import { Form } from '@remix-run/react';
import { useEffect, useState, type ReactNode } from 'react';
import type { Option, FilterOptions, View } from '~/dashboard/view';

function Field(props: { id: string; name: string; label: string; value: string; onChange: (value: string) => void; children: ReactNode }) {
  return (
    <div className="filters__field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </div>
  );
}

const options = (list: readonly Option[]) =>
  list.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));

export function FilterBar({ view, options: offered, action }: { view: View; options: FilterOptions; action: string }) {
  const [state, setState] = useState(view);
  useEffect(() => setState(view), [view]);
  const set = (changes: Partial<View>) => setState((s) => ({ ...s, ...changes }));

  const sites = offered.sites.filter((s) => !state.program || s.program === state.program);
  const programsWithSites = offered.programs.filter((p) => sites.some((s) => s.program === p.value));
  const periods = offered.periods[state.grain] ?? [];
  // The release has no crossed tables: within a program only its sites, for a site nothing finer.
  const breakdowns = state.site ? [] : state.program ? offered.breakdownsInProgram : offered.breakdowns;
  const by = breakdowns.some((b) => b.value === state.by) ? state.by : offered.breakdownRequired ? (breakdowns[0]?.value ?? null) : null;
  const oneYear = offered.breakdownRequired; // the equity page compares groups in one year

  return (
    <Form method="get" action={action} className="filters" aria-label="Filters">
      {offered.programs.length > 0 && (
        <Field
          id="f-program"
          name="program"
          label="Program"
          value={state.program ?? ''}
          onChange={(value) => {
            const program = value || null;
            const siteStays = offered.sites.some((s) => s.value === state.site && s.program === program);
            set({ program, site: siteStays ? state.site : null });
          }}
        >
          <option value="">All programs</option>
          {options(offered.programs)}
        </Field>
      )}
      {offered.sites.length > 0 && (
        <Field id="f-site" name="site" label="Site" value={state.site ?? ''} onChange={(value) => set({ site: value || null })}>
          <option value="">{state.program ? 'All sites of the program' : 'All sites'}</option>
          {programsWithSites.map((p) => (
            <optgroup key={p.value} label={p.label}>
              {options(sites.filter((s) => s.program === p.value))}
            </optgroup>
          ))}
        </Field>
      )}
      {offered.grains.length > 1 && (
        <Field
          id="f-grain"
          name="grain"
          label="Period"
          value={state.grain}
          onChange={(value) => {
            // A new grain has other periods: the range starts over at all of them.
            const list = offered.periods[value as View['grain']] ?? [];
            set({ grain: value as View['grain'], from: list[0]?.value ?? '', to: list[list.length - 1]?.value ?? '' });
          }}
        >
          {options(offered.grains)}
        </Field>
      )}
      {offered.grains.length > 0 && (
        <Field id="f-from" name="from" label={oneYear ? 'Year' : 'From'} value={state.from} onChange={(value) => set(oneYear ? { from: value, to: value } : { from: value })}>
          {options(periods)}
        </Field>
      )}
      {offered.grains.length > 0 &&
        (oneYear ? (
          <input type="hidden" name="to" value={state.to} />
        ) : (
          <Field id="f-to" name="to" label="To" value={state.to} onChange={(value) => set({ to: value })}>
            {options(periods)}
          </Field>
        ))}
      {breakdowns.length > 0 && (
        <Field id="f-by" name="by" label={oneYear ? 'Compare groups by' : 'Break down by'} value={by ?? ''} onChange={(value) => set({ by: value || null })}>
          {!offered.breakdownRequired && <option value="">No breakdown</option>}
          {options(breakdowns)}
        </Field>
      )}
      <div className="filters__actions">
        <button type="submit" className="button">
          Show
        </button>
      </div>
    </Form>
  );
}
