-- Reach and engagement from encounters: one row per person × period, then
-- grouped by each breakdown. A person counts once per cell, so count(*) is
-- the distinct contributor count without a COUNT(DISTINCT).
INSERT INTO cube_cells
WITH facts AS (SELECT pp.*, p.* EXCLUDE (person_key) FROM person_period pp JOIN person p USING (person_key)),
g AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) FILTER (attended > 0) AS served,
    sum(attended) AS attended,
    sum(minutes) AS minutes,
    min(attended) FILTER (attended > 0) AS min_attended,
    max(attended) FILTER (attended > 0) AS max_attended,
    count(*) FILTER (attended + no_show > 0) AS scheduled_people,
    sum(attended + no_show) AS scheduled,
    sum(no_show) AS no_show,
    count(*) FILTER (no_show > 0) AS no_show_people,
    sum(group_attended) AS group_attended,
    count(*) FILTER (group_attended > 0) AS group_people
  FROM facts
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'participants_served', grain, period, dimension, dimension_value, served, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'encounters_attended', grain, period, dimension, dimension_value, attended, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'contact_hours', grain, period, dimension, dimension_value, minutes / 60, NULL, NULL, served, NULL, NULL, NULL FROM g
UNION ALL
SELECT 'encounters_per_participant', grain, period, dimension, dimension_value, attended / nullif(served, 0),
  attended, served, served, NULL, min_attended, max_attended FROM g
UNION ALL
SELECT 'no_show_rate', grain, period, dimension, dimension_value, no_show / nullif(scheduled, 0),
  no_show, scheduled, scheduled_people, no_show_people, NULL, NULL FROM g
UNION ALL
SELECT 'group_share', grain, period, dimension, dimension_value, group_attended / nullif(attended, 0),
  group_attended, attended, served, group_people, NULL, NULL FROM g;
