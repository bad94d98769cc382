// A trend page: title, filters, notices, then one section per metric.
import type { ReactNode } from 'react';
import type { TrendSection } from '~/dashboard/sections.server';
import type { FilterOptions, View } from '~/dashboard/view';
import { FilterBar } from './FilterBar';
import { MetricSection, type ReleaseInfo } from './MetricSection';
import { Notices } from './Notices';

export interface TrendPageProps {
  page: { title: string; intro: string; path: string };
  release: ReleaseInfo;
  view: View;
  scopeLabel: string;
  options: FilterOptions;
  notices: string[];
  sections: TrendSection[];
  children?: ReactNode;
}

export function TrendPage({ page, release, view, scopeLabel, options, notices, sections, children }: TrendPageProps) {
  return (
    <>
      <header className="page-head">
        <h1>{page.title}</h1>
        <p className="page-head__scope">{scopeLabel}</p>
        <p>{page.intro}</p>
      </header>
      <FilterBar view={view} options={options} action={page.path} />
      <Notices notices={notices} />
      {sections.length === 0 ? (
        <p className="panel empty">This release has none of this page's measures.</p>
      ) : (
        <div className="sections">
          {sections.map((s) => (
            <MetricSection key={s.id} section={s} release={release} />
          ))}
        </div>
      )}
      {children}
    </>
  );
}
