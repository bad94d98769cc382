-- Recovery: each person's intake score (their first intake response) against
-- their latest follow-up (90d, 180d or discharge) in the period. Reliable
-- improvement: change / (SD × √2 × √(1 − reliability)) ≥ {{rci_z}} (Jacobson & Truax).
INSERT INTO cube_cells
WITH intake AS (
  SELECT person_key, arg_min(score, (administered_on, record_key)) AS intake_score
  FROM scores WHERE construct = 'recovery' AND timepoint = 'intake' GROUP BY ALL
),
followup AS (
  SELECT s.person_key, mp.grain, mp.period, arg_max(s.score, (s.administered_on, s.record_key)) AS score,
    any_value(s.threshold) AS threshold, any_value(s.reference_sd) AS sd, any_value(s.reliability) AS rel
  FROM scores s JOIN month_periods mp ON mp.month = date_trunc('month', s.administered_on)
  WHERE s.construct = 'recovery' AND s.timepoint IN ('90d', '180d', 'discharge')
  GROUP BY ALL
),
facts AS (
  SELECT f.grain, f.period, p.*, f.score - i.intake_score AS change,
    (f.score - i.intake_score) / (f.sd * sqrt(2) * sqrt(1 - f.rel)) >= {{rci_z}} AS reliable,
    f.score >= f.threshold AS at_cutoff
  FROM followup f JOIN intake i USING (person_key) JOIN person p USING (person_key)
),
g AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS n, sum(change) AS change_sum, min(change) AS change_min, max(change) AS change_max,
    count(*) FILTER (reliable) AS reliable_n, count(*) FILTER (at_cutoff) AS cutoff_n
  FROM facts
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'recovery_change', grain, period, dimension, dimension_value, change_sum / n, change_sum, n, n, NULL, change_min, change_max FROM g
UNION ALL
SELECT 'recovery_reliable_improvement', grain, period, dimension, dimension_value, reliable_n / n, reliable_n, n, n, reliable_n, NULL, NULL FROM g
UNION ALL
SELECT 'recovery_at_cutoff', grain, period, dimension, dimension_value, cutoff_n / n, cutoff_n, n, n, cutoff_n, NULL, NULL FROM g;
