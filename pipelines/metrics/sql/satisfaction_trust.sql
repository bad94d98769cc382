-- Satisfaction and trust: each person's latest scored response in the period
-- (so a person counts once), and the response rate among people served.
INSERT INTO cube_cells
WITH latest AS (
  SELECT s.person_key, mp.grain, mp.period, s.construct,
    arg_max(s.score, s.administered_on) AS score, any_value(s.threshold) AS threshold
  FROM scores s JOIN month_periods mp ON mp.month = date_trunc('month', s.administered_on)
  WHERE s.construct IN ('satisfaction', 'trust')
  GROUP BY ALL
),
served AS (SELECT person_key, grain, period FROM person_period WHERE attended > 0),
facts AS (
  SELECT k.grain, k.period, p.*,
    sat.score AS sat_score, sat.score >= sat.threshold AS sat_positive,
    tr.score AS trust_score, tr.score >= tr.threshold AS trust_high,
    sv.person_key IS NOT NULL AS served, sv.person_key IS NOT NULL AND sat.score IS NOT NULL AS served_responded
  FROM (SELECT person_key, grain, period FROM latest UNION SELECT person_key, grain, period FROM served) k
  JOIN person p USING (person_key)
  LEFT JOIN latest sat ON sat.person_key = k.person_key AND sat.grain = k.grain AND sat.period = k.period AND sat.construct = 'satisfaction'
  LEFT JOIN latest tr ON tr.person_key = k.person_key AND tr.grain = k.grain AND tr.period = k.period AND tr.construct = 'trust'
  LEFT JOIN served sv ON sv.person_key = k.person_key AND sv.grain = k.grain AND sv.period = k.period
),
g AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(sat_score) AS sat_n, sum(sat_score) AS sat_sum, min(sat_score) AS sat_min, max(sat_score) AS sat_max,
    count(*) FILTER (sat_positive) AS sat_pos,
    count(trust_score) AS trust_n, sum(trust_score) AS trust_sum, min(trust_score) AS trust_min, max(trust_score) AS trust_max,
    count(*) FILTER (trust_high) AS trust_hi,
    count(*) FILTER (served) AS served_n, count(*) FILTER (served_responded) AS responded_n
  FROM facts
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'satisfaction_mean', grain, period, dimension, dimension_value, sat_sum / nullif(sat_n, 0),
  sat_sum, sat_n, sat_n, NULL, sat_min, sat_max FROM g
UNION ALL
SELECT 'satisfaction_positive', grain, period, dimension, dimension_value, sat_pos / nullif(sat_n, 0),
  sat_pos, sat_n, sat_n, sat_pos, NULL, NULL FROM g
UNION ALL
SELECT 'satisfaction_response_rate', grain, period, dimension, dimension_value, responded_n / nullif(served_n, 0),
  responded_n, served_n, served_n, responded_n, NULL, NULL FROM g
UNION ALL
SELECT 'trust_mean', grain, period, dimension, dimension_value, trust_sum / nullif(trust_n, 0),
  trust_sum, trust_n, trust_n, NULL, trust_min, trust_max FROM g
UNION ALL
SELECT 'trust_high', grain, period, dimension, dimension_value, trust_hi / nullif(trust_n, 0),
  trust_hi, trust_n, trust_n, trust_hi, NULL, NULL FROM g;
