-- Cohort metrics: people grouped by the period they enrolled in. Retention
-- at N days and consistent contact count only people whose first N days (13
-- weeks) the data already covers, so a recent cohort is not understated.
INSERT INTO cube_cells
WITH facts AS (
  SELECT mp.grain, mp.period, p.*,
    p.first_contact_on - p.enrolled_on AS days_to_first,
    CASE WHEN p.enrolled_on + 30 <= w.data_to THEN coalesce(p.last_attended_on >= p.enrolled_on + 30, false) END AS retained_30,
    CASE WHEN p.enrolled_on + 90 <= w.data_to THEN coalesce(p.last_attended_on >= p.enrolled_on + 90, false) END AS retained_90,
    CASE WHEN p.enrolled_on + 180 <= w.data_to THEN coalesce(p.last_attended_on >= p.enrolled_on + 180, false) END AS retained_180
  FROM person p
  JOIN month_periods mp ON mp.month = date_trunc('month', p.enrolled_on)
  CROSS JOIN data_window w
),
g AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS enrolled,
    count(days_to_first) AS contacted, sum(days_to_first) AS days_sum,
    min(days_to_first) AS days_min, max(days_to_first) AS days_max,
    count(retained_30) AS n30, count(*) FILTER (retained_30) AS r30,
    count(retained_90) AS n90, count(*) FILTER (retained_90) AS r90,
    count(retained_180) AS n180, count(*) FILTER (retained_180) AS r180,
    count(consistency_band) AS n13, count(*) FILTER (consistency_band = 'weekly') AS weekly
  FROM facts
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'new_enrollments', grain, period, dimension, dimension_value, enrolled, NULL, NULL, enrolled, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'days_to_first_contact', grain, period, dimension, dimension_value, days_sum / nullif(contacted, 0),
  days_sum, contacted, contacted, NULL, days_min, days_max FROM g
UNION ALL
SELECT 'retention_30d', grain, period, dimension, dimension_value, r30 / nullif(n30, 0), r30, n30, n30, r30, NULL, NULL FROM g
UNION ALL
SELECT 'retention_90d', grain, period, dimension, dimension_value, r90 / nullif(n90, 0), r90, n90, n90, r90, NULL, NULL FROM g
UNION ALL
SELECT 'retention_180d', grain, period, dimension, dimension_value, r180 / nullif(n180, 0), r180, n180, n180, r180, NULL, NULL FROM g
UNION ALL
SELECT 'consistent_contact', grain, period, dimension, dimension_value, weekly / nullif(n13, 0), weekly, n13, n13, weekly, NULL, NULL FROM g;
