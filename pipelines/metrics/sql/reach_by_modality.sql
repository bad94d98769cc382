-- Participants served, encounters and hours by modality, from one row per
-- person × period × modality: a person counts once in each modality they used.
INSERT INTO cube_cells
WITH g AS (
  SELECT grain, period, 'modality' AS dimension, modality AS dimension_value,
    count(*) AS served, sum(attended) AS attended, sum(minutes) AS minutes
  FROM person_period_modality GROUP BY ALL
)
SELECT 'participants_served', grain, period, dimension, dimension_value, served, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'encounters_attended', grain, period, dimension, dimension_value, attended, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'contact_hours', grain, period, dimension, dimension_value, minutes / 60, NULL, NULL, served, NULL, NULL, NULL FROM g;
