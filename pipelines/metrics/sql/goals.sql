-- Goals, per person who set at least one goal in the period: did they set one
-- themselves (alone or jointly), and did they achieve one of them within
-- {{goal_window}} days (counted only once the data covers those days).
INSERT INTO cube_cells
WITH facts AS (
  SELECT mp.grain, mp.period, p.*,
    bool_or(gl.set_by IN ('participant', 'joint')) AS self_directed,
    CASE WHEN max(gl.set_on) + {{goal_window}} <= any_value(w.data_to)
      THEN coalesce(bool_or(gl.achieved_on <= gl.set_on + {{goal_window}}), false) END AS attained
  FROM goals gl
  JOIN month_periods mp ON mp.month = date_trunc('month', gl.set_on)
  JOIN person p USING (person_key)
  CROSS JOIN data_window w
  GROUP BY ALL
),
g AS (
  SELECT grain, period, {{dimension}} AS dimension, {{dimension_value}} AS dimension_value,
    count(*) AS setters, count(*) FILTER (self_directed) AS self_n,
    count(attained) AS observed, count(*) FILTER (attained) AS attained_n
  FROM facts
  GROUP BY GROUPING SETS ({{grouping_sets}})
)
SELECT 'goals_self_directed', grain, period, dimension, dimension_value, self_n / setters, self_n, setters, setters, self_n, NULL, NULL FROM g
UNION ALL
SELECT 'goal_attainment', grain, period, dimension, dimension_value, attained_n / nullif(observed, 0),
  attained_n, observed, observed, attained_n, NULL, NULL FROM g;
