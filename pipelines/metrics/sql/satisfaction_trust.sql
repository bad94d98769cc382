-- Satisfaction and trust: each person's latest scored response in the period
-- (so a person counts once), and the response rate among people served.
INSERT INTO cube_cells
WITH latest AS (
  SELECT s.person_key, mp.grain, mp.period, s.construct,
    arg_max(s.score, (s.administered_on, s.record_key)) AS score, any_value(s.threshold) AS threshold
  FROM scores s JOIN month_periods mp ON mp.month = date_trunc('month', s.administered_on)
  WHERE s.construct IN ('satisfaction', 'trust')
  GROUP BY ALL
),
-- One row per person × period: their scores and whether they were served,
-- gathered with one GROUP BY rather than joins.
facts AS (
  SELECT k.grain, k.period, p.*, k.sat_score, k.sat_score >= k.sat_threshold AS sat_positive,
    k.trust_score, k.trust_score >= k.trust_threshold AS trust_high,
    k.served, k.served AND k.sat_score IS NOT NULL AS served_responded
  FROM (
    SELECT person_key, grain, period,
      max(score) FILTER (construct = 'satisfaction') AS sat_score,
      max(threshold) FILTER (construct = 'satisfaction') AS sat_threshold,
      max(score) FILTER (construct = 'trust') AS trust_score,
      max(threshold) FILTER (construct = 'trust') AS trust_threshold,
      bool_or(construct = 'served') AS served
    FROM (
      SELECT person_key, grain, period, construct, score, threshold FROM latest
      UNION ALL
      SELECT person_key, grain, period, 'served', NULL, NULL FROM person_period WHERE attended > 0
    )
    GROUP BY ALL
  ) k
  JOIN person p USING (person_key)
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
