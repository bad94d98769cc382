-- Participants served, encounters and hours by modality: one row per
-- person × period × modality, so a person counts once in each modality they used.
INSERT INTO cube_cells
WITH facts AS (
  SELECT ef.person_key, mp.grain, mp.period, ef.modality, sum(attended) AS attended, sum(minutes) AS minutes
  FROM encounter_facts ef JOIN month_periods mp USING (month)
  WHERE ef.attended > 0
  GROUP BY ALL
),
g AS (
  SELECT grain, period, 'modality' AS dimension, modality AS dimension_value,
    count(*) AS served, sum(attended) AS attended, sum(minutes) AS minutes
  FROM facts GROUP BY ALL
)
SELECT 'participants_served', grain, period, dimension, dimension_value, served, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'encounters_attended', grain, period, dimension, dimension_value, attended, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'contact_hours', grain, period, dimension, dimension_value, minutes / 60, NULL, NULL, served, NULL, NULL, NULL FROM g;
