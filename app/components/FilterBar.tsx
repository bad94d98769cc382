// The filters of a dashboard page, as a GET form: the view lives in the URL,
// so it can be bookmarked and shared, and the form works before the page's
// JavaScript has loaded. Only values the release offers are listed. Nothing
// applies until "Show": a keyboard user moving through a list changes nothing.
import { Form } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { FilterOptions, View } from '~/dashboard/view';

export function FilterBar({ view, options, action }: { view: View; options: FilterOptions; action: string }) {
  const [state, setState] = useState(view);
  useEffect(() => setState(view), [view]);
  const set = (changes: Partial<View>) => setState((s) => ({ ...s, ...changes }));

  const sites = options.sites.filter((s) => !state.program || s.program === state.program);
  const programsWithSites = options.programs.filter((p) => sites.some((s) => s.program === p.value));
  const periods = options.periods[state.grain] ?? [];
  const grainChanged = state.grain !== view.grain;
  // The release has no crossed tables: within a program only its sites, for a site nothing finer.
  const breakdowns = state.site ? [] : state.program ? options.breakdownsInProgram : options.breakdowns;
  const by = breakdowns.some((b) => b.value === state.by) ? state.by : options.breakdownRequired ? (breakdowns[0]?.value ?? null) : null;

  return (
    <Form method="get" action={action} className="filters" aria-label="Filters">
      {options.programs.length > 0 && (
      <div className="filters__field">
        <label htmlFor="f-program">Program</label>
        <select
          id="f-program"
          name="program"
          value={state.program ?? ''}
          onChange={(e) => {
            const program = e.target.value || null;
            const siteStays = options.sites.some((s) => s.value === state.site && s.program === program);
            set({ program, site: siteStays ? state.site : null });
          }}
        >
          <option value="">All programs</option>
          {options.programs.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      )}
      {options.sites.length > 0 && (
      <div className="filters__field">
        <label htmlFor="f-site">Site</label>
        <select id="f-site" name="site" value={state.site ?? ''} onChange={(e) => set({ site: e.target.value || null })}>
          <option value="">{state.program ? 'All sites of the program' : 'All sites'}</option>
          {programsWithSites.map((p) => (
            <optgroup key={p.value} label={p.label}>
              {sites
                .filter((s) => s.program === p.value)
                .map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      )}
      {options.grains.length > 1 && (
        <div className="filters__field">
          <label htmlFor="f-grain">Period</label>
          <select id="f-grain" name="grain" value={state.grain} onChange={(e) => set({ grain: e.target.value as View['grain'] })}>
            {options.grains.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {options.grains.length > 0 && (
      <div className="filters__field">
        <label htmlFor="f-from">{options.breakdownRequired ? 'Year' : 'From'}</label>
        <select
          id="f-from"
          name="from"
          value={grainChanged ? (periods[0]?.value ?? '') : state.from}
          onChange={(e) => set({ from: e.target.value, ...(options.breakdownRequired ? { to: e.target.value } : {}) })}
        >
          {periods.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      )}
      {options.grains.length === 0 ? null : options.breakdownRequired ? (
        <input type="hidden" name="to" value={state.to} />
      ) : (
        <div className="filters__field">
          <label htmlFor="f-to">To</label>
          <select id="f-to" name="to" value={grainChanged ? (periods[periods.length - 1]?.value ?? '') : state.to} onChange={(e) => set({ to: e.target.value })}>
            {periods.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {breakdowns.length > 0 && (
        <div className="filters__field">
          <label htmlFor="f-by">{options.breakdownRequired ? 'Compare groups by' : 'Break down by'}</label>
          <select id="f-by" name="by" value={by ?? ''} onChange={(e) => set({ by: e.target.value || null })}>
            {!options.breakdownRequired && <option value="">No breakdown</option>}
            {breakdowns.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="filters__actions">
        <button type="submit" className="button">
          Show
        </button>
      </div>
    </Form>
  );
}
