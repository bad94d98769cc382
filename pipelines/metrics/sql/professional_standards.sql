-- Professional standards; the privacy unit is the staff member.
-- A staff member is active in a month when employed on any day of it.
CREATE OR REPLACE TEMP TABLE staff_month AS
SELECT s.staff_key, s.program, s.site, s.role, mp.period_start AS month
FROM staff s JOIN periods mp ON mp.period_grain = 'month'
  AND s.hired_on <= mp.period_end AND (s.left_on IS NULL OR s.left_on >= mp.period_start);

-- Sites belong to one program; incidents carry only the site. An incident at
-- a site no participant or staff row names still counts (program unknown).
CREATE OR REPLACE TABLE site_program AS
SELECT site, mode(program) AS program FROM (SELECT site, program FROM staff UNION ALL SELECT site, program FROM participants) GROUP BY site;

INSERT INTO cube_cells
WITH supervision_month AS (
  SELECT staff_key, date_trunc('month', date)::DATE AS month, sum(minutes) AS minutes FROM supervision GROUP BY ALL
),
supervised AS (
  -- peer specialists only: supervision is the support their role calls for
  SELECT sm.staff_key, sm.program, sm.site, mp.grain, mp.period,
    count(*) AS months, coalesce(sum(v.minutes), 0) AS minutes
  FROM staff_month sm
  JOIN month_periods mp USING (month)
  LEFT JOIN supervision_month v USING (staff_key, month)
  WHERE sm.role = 'peer_specialist'
  GROUP BY ALL
),
trained AS (
  -- everyone employed on the period's last covered day
  SELECT s.staff_key, s.program, s.site, p.period_grain AS grain, p.period,
    EXISTS (SELECT 1 FROM trainings t WHERE t.staff_key = s.staff_key AND t.course = 'ethics'
      AND t.completed_on <= least(p.period_end, w.data_to)
      AND t.completed_on > least(p.period_end, w.data_to) - {{ethics_days}}) AS current
  FROM staff s CROSS JOIN periods p CROSS JOIN data_window w
  WHERE s.hired_on <= least(p.period_end, w.data_to) AND (s.left_on IS NULL OR s.left_on >= least(p.period_end, w.data_to))
),
g_super AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS staff_n, sum(months) AS months, sum(minutes) AS minutes,
    min(minutes / months) AS rate_min, max(minutes / months) AS rate_max
  FROM supervised GROUP BY GROUPING SETS ({{grouping_sets}})
),
g_trained AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS staff_n, count(*) FILTER (current) AS current_n
  FROM trained GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'supervision_minutes_per_staff_month', grain, period, dimension, dimension_value, minutes / months,
  minutes, months, staff_n, NULL, rate_min, rate_max FROM g_super
UNION ALL
SELECT 'ethics_training_current', grain, period, dimension, dimension_value, current_n / staff_n,
  current_n, staff_n, staff_n, current_n, NULL, NULL FROM g_trained;

-- Incidents per 1,000 attended encounters (encounters placed at the participant's
-- site) and days to resolve. The privacy unit is the staff member, so a cell's
-- contributors are the staff behind it: everyone employed in its program or
-- site during the period, with anyone its incidents name (decision 0015). Not
-- only the staff involved in incidents: at a program with one peer specialist,
-- a released 0 (or a suppressed cell where another program shows 0) would say
-- whether that one person had an incident. The staff involved are the
-- numerator contributors, so a few of them suppress the cell too (as a few
-- no-show people do a no-show rate). Cells exist wherever staff, encounters or
-- incidents do, so whether a cell exists says nothing of events.
INSERT INTO cube_cells
WITH encounter_base AS (
  SELECT pp.grain, pp.period, p.program, p.site, sum(pp.attended) AS attended
  FROM person_period pp JOIN person p USING (person_key)
  GROUP BY ALL
),
enc AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value, sum(attended) AS attended
  FROM encounter_base GROUP BY GROUPING SETS ({{grouping_sets}})
),
inc AS (
  SELECT i.*, sp.program, mp.grain, mp.period
  FROM incidents i LEFT JOIN site_program sp USING (site)
  JOIN month_periods mp ON mp.month = date_trunc('month', i.date)
),
resolved AS (
  SELECT i.*, sp.program, mp.grain, mp.period, i.resolved_on - i.date AS days
  FROM incidents i LEFT JOIN site_program sp USING (site)
  JOIN month_periods mp ON mp.month = date_trunc('month', i.resolved_on)
  WHERE i.resolved_on IS NOT NULL
),
staff_behind AS (
  SELECT sm.staff_key, sm.program, sm.site, mp.grain, mp.period FROM staff_month sm JOIN month_periods mp USING (month)
  UNION SELECT staff_key, program, site, grain, period FROM inc
  UNION SELECT staff_key, program, site, grain, period FROM resolved
),
g_staff AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value, count(DISTINCT staff_key) AS staff_n
  FROM staff_behind GROUP BY GROUPING SETS ({{grouping_sets}})
),
g_inc AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS incidents, count(DISTINCT staff_key) AS involved
  FROM inc GROUP BY GROUPING SETS ({{grouping_sets}})
),
g_cat AS (
  -- every category in every period, so a category without incidents shows 0 rather than nothing
  SELECT p.period_grain AS grain, p.period, 'incident_category' AS dimension, c.category AS dimension_value,
    count(i.record_key) AS incidents, count(DISTINCT i.staff_key) AS involved
  FROM periods p CROSS JOIN (SELECT unnest({{incident_categories}}) AS category) c
  LEFT JOIN inc i ON i.grain = p.period_grain AND i.period = p.period AND i.category = c.category
  GROUP BY ALL
),
g_res AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS n, sum(days) AS days_sum, min(days) AS days_min, max(days) AS days_max, count(DISTINCT staff_key) AS involved
  FROM resolved GROUP BY GROUPING SETS ({{grouping_sets}})
)
-- An incident at a site without encounters in the period has no rate, but its staff.
SELECT 'incidents_per_1000_encounters', grain, period, dimension, dimension_value,
  1000.0 * coalesce(i.incidents, 0) / nullif(e.attended, 0), coalesce(i.incidents, 0), coalesce(e.attended, 0),
  coalesce(s.staff_n, 0), coalesce(i.involved, 0), NULL, NULL
FROM enc e FULL JOIN g_inc i USING (grain, period, dimension, dimension_value)
  FULL JOIN g_staff s USING (grain, period, dimension, dimension_value)
UNION ALL
-- a category is a part of the total: the staff behind it are the total's
SELECT 'incidents_per_1000_encounters', c.grain, c.period, c.dimension, c.dimension_value,
  1000.0 * c.incidents / nullif(e.attended, 0), c.incidents, e.attended, coalesce(s.staff_n, 0), c.involved, NULL, NULL
FROM g_cat c JOIN enc e ON e.grain = c.grain AND e.period = c.period AND e.dimension = 'total'
  LEFT JOIN g_staff s ON s.grain = c.grain AND s.period = c.period AND s.dimension = 'total'
UNION ALL
-- Where nothing was resolved there is no mean: the cell is left out when k or
-- more staff are behind it (a 0 over a large group tells nobody's story), and
-- kept without a value under k, where disclosure control suppresses it, so that
-- whether it exists says nothing about those few people.
SELECT 'incident_days_to_resolve', grain, period, dimension, dimension_value, r.days_sum / r.n, r.days_sum,
  coalesce(r.n, 0), s.staff_n, coalesce(r.involved, 0), r.days_min, r.days_max
FROM g_staff s LEFT JOIN g_res r USING (grain, period, dimension, dimension_value)
WHERE r.n IS NOT NULL OR s.staff_n < {{k}};
