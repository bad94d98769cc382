-- One score per survey response, from the instrument registry: reverse-scored
-- items flipped, no score when fewer than the minimum share of items were
-- answered, the mean of answered items (or that mean × item count for a
-- prorated sum). Only each construct's configured instrument counts.
-- "Latest" and "first" elsewhere order by (administered_on, record_key), so a
-- tie on the date is broken the same way every run.
CREATE OR REPLACE TEMP TABLE instruments AS
SELECT * FROM (VALUES {{instrument_rows}})
  t(id, construct, n_items, scale_min, scale_max, reverse_items, scoring, min_answered_share, threshold, reference_sd, reliability);

CREATE OR REPLACE TEMP TABLE scores AS
WITH answered AS (
  SELECT s.record_key, s.person_key, i.construct, s.timepoint, s.administered_on, i.scoring, i.n_items, i.min_answered_share,
    i.threshold, i.reference_sd, i.reliability,
    list_transform(s.items[1:i.n_items],
      (x, k) -> CASE WHEN list_contains(i.reverse_items, k) THEN i.scale_max + i.scale_min - x ELSE x END) AS answers
  FROM survey_responses s JOIN instruments i ON i.id = s.instrument
  WHERE s.instrument IN ({{configured_instruments}})
)
SELECT record_key, person_key, construct, timepoint, administered_on, threshold, reference_sd, reliability,
  -- DECIMAL, so sums are exact and a cell does not depend on summation order
  (CASE scoring WHEN 'mean' THEN list_avg(answers) ELSE list_avg(answers) * n_items END)::DECIMAL(12, 6) AS score
FROM answered
WHERE len(list_filter(answers, x -> x IS NOT NULL)) >= min_answered_share * n_items;
