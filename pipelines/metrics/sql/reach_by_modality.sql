-- Participants served, encounters and hours by modality. People from the
-- person × period modality mask (a person counts once in each modality they
-- used); encounters and hours summed by month, needing no person.
INSERT INTO cube_cells
WITH modalities AS (SELECT unnest({{modalities}}) AS modality, generate_subscripts({{modalities}}, 1) - 1 AS bit),
people AS (
  SELECT pp.grain, pp.period, m.modality, count(*) AS served
  FROM person_period pp JOIN modalities m ON pp.modality_mask & (1::INTEGER << m.bit) <> 0
  GROUP BY ALL
),
volume AS (
  SELECT mp.grain, mp.period, mm.modality, sum(mm.attended) AS attended, sum(mm.minutes) AS minutes
  FROM modality_month mm JOIN month_periods mp USING (month)
  GROUP BY ALL
),
g AS (
  SELECT grain, period, 'modality' AS dimension, modality AS dimension_value, served, attended, minutes
  FROM people JOIN volume USING (grain, period, modality)
)
SELECT 'participants_served', grain, period, dimension, dimension_value, served, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'encounters_attended', grain, period, dimension, dimension_value, attended, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'contact_hours', grain, period, dimension, dimension_value, minutes / 60, NULL, NULL, served, NULL, NULL, NULL FROM g;
