-- Periods: calendar months, and quarters and years of the fiscal year that
-- starts in month {{fy_start}} (1 = calendar). A fiscal year is named for the
-- calendar year it ends in (July 2024–June 2025 is 2025). A period is complete
-- when the data covers every one of its days.
CREATE OR REPLACE TEMP MACRO fiscal_year(d) AS
  year(d) + CASE WHEN {{fy_start}} > 1 AND month(d) >= {{fy_start}} THEN 1 ELSE 0 END;

CREATE OR REPLACE TEMP MACRO period_of(grain, d) AS CASE grain
  WHEN 'month' THEN strftime(d, '%Y-%m')
  WHEN 'quarter' THEN fiscal_year(d)::VARCHAR || '-Q' || ((month(d) - {{fy_start}} + 12) % 12 // 3 + 1)::VARCHAR
  ELSE fiscal_year(d)::VARCHAR
END;

CREATE OR REPLACE TEMP TABLE grains AS SELECT unnest(['month', 'quarter', 'year']) AS grain;

CREATE OR REPLACE TABLE data_window AS
SELECT min(date) AS data_from, max(date) AS data_to FROM encounters;

CREATE OR REPLACE TABLE periods AS
WITH months AS (
  SELECT unnest(generate_series(date_trunc('month', data_from), date_trunc('month', data_to), INTERVAL 1 MONTH))::DATE AS m
  FROM data_window
),
spans AS (
  SELECT g.grain AS period_grain, period_of(g.grain, m) AS period,
    min(m) AS period_start, max(last_day(m)) AS period_end, count(*) AS months
  FROM months CROSS JOIN grains g
  GROUP BY 1, 2
)
SELECT period_grain, period, period_start, period_end,
  months = CASE period_grain WHEN 'month' THEN 1 WHEN 'quarter' THEN 3 ELSE 12 END
    AND period_start >= w.data_from AND period_end <= w.data_to AS complete
FROM spans CROSS JOIN data_window w
ORDER BY period_grain, period;

-- month → its period at each grain, for every month any event falls in
-- (an enrollment, survey or incident can lie outside the encounter window);
-- a month maps to a period only where that period is in the release window.
CREATE OR REPLACE TEMP TABLE month_periods AS
WITH bounds AS (
  SELECT least(min_e, min_p, min_s, min_g, min_i, min_v) AS lo, greatest(max_e, max_s, max_g, max_i, max_r, max_v) AS hi
  FROM (SELECT min(date) AS min_e, max(date) AS max_e FROM encounters),
       (SELECT min(enrolled_on) AS min_p FROM participants),
       (SELECT min(administered_on) AS min_s, max(administered_on) AS max_s FROM survey_responses),
       (SELECT min(set_on) AS min_g, max(set_on) AS max_g FROM goals),
       (SELECT min(date) AS min_i, max(date) AS max_i, max(resolved_on) AS max_r FROM incidents),
       (SELECT min(date) AS min_v, max(date) AS max_v FROM supervision)
),
months AS (
  SELECT unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi), INTERVAL 1 MONTH))::DATE AS month
  FROM bounds
)
SELECT g.grain, period_of(g.grain, m.month) AS period, m.month
FROM months m CROSS JOIN grains g
SEMI JOIN periods p ON p.period_grain = g.grain AND p.period = period_of(g.grain, m.month);
