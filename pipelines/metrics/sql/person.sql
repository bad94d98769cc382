-- Encounters reduced to person × month × modality (the one pass over the
-- largest table); then one row per person with what the metrics need, and
-- one per person × period.
CREATE OR REPLACE TEMP TABLE encounter_facts AS
SELECT e.person_key, date_trunc('month', e.date)::DATE AS month, e.modality,
  count(*) FILTER (e.status = 'attended') AS attended,
  count(*) FILTER (e.status = 'no_show') AS no_show,
  coalesce(sum(e.minutes) FILTER (e.status = 'attended'), 0) AS minutes,
  min(e.date) FILTER (e.status = 'attended' AND e.date >= p.enrolled_on) AS first_attended,
  max(e.date) FILTER (e.status = 'attended') AS last_attended,
  -- bit w set: attended contact in week w (0..12) after enrollment
  -- (a CASE, not FILTER: the shift must not be evaluated for later weeks)
  bit_or(CASE WHEN e.status = 'attended' AND e.date >= p.enrolled_on AND e.date < p.enrolled_on + 91
    THEN 1::INTEGER << ((e.date - p.enrolled_on) // 7)::INTEGER ELSE 0 END) AS weeks13_mask
FROM encounters e JOIN participants p USING (person_key)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE person AS
WITH contact AS (
  SELECT person_key, min(first_attended) AS first_contact_on, max(last_attended) AS last_attended_on,
    bit_count(bit_or(weeks13_mask)) AS weeks13
  FROM encounter_facts GROUP BY ALL
),
trust AS (
  SELECT person_key, arg_max(score, administered_on) AS latest_trust, any_value(threshold) AS threshold
  FROM scores WHERE construct = 'trust' GROUP BY ALL
)
SELECT p.person_key, p.program, p.site, p.age_band, p.gender, p.race_ethnicity, p.enrolled_on, p.discharged_on,
  c.first_contact_on, c.last_attended_on, coalesce(c.weeks13, 0) AS weeks13,
  CASE
    WHEN p.enrolled_on + 91 > w.data_to + 1 THEN NULL -- first 13 weeks not yet observed
    WHEN coalesce(c.weeks13, 0) >= {{weekly_weeks}} THEN 'weekly'
    WHEN coalesce(c.weeks13, 0) >= {{regular_weeks}} THEN 'regular'
    ELSE 'sporadic'
  END AS consistency_band,
  CASE WHEN t.latest_trust IS NULL THEN NULL WHEN t.latest_trust >= t.threshold THEN 'high' ELSE 'not_high' END AS trust_band
FROM participants p
LEFT JOIN contact c USING (person_key)
LEFT JOIN trust t USING (person_key)
CROSS JOIN data_window w;

-- One row per person × period (month, quarter, year): what reach, engagement,
-- response rates and incident rates share. A person appears once per period.
CREATE OR REPLACE TEMP TABLE person_period AS
WITH person_month AS (
  SELECT person_key, month, sum(attended) AS attended, sum(no_show) AS no_show, sum(minutes) AS minutes,
    coalesce(sum(attended) FILTER (modality = 'group'), 0) AS group_attended
  FROM encounter_facts GROUP BY ALL
)
SELECT pm.person_key, mp.grain, mp.period, sum(attended) AS attended, sum(no_show) AS no_show,
  sum(minutes) AS minutes, sum(group_attended) AS group_attended
FROM person_month pm JOIN month_periods mp USING (month)
GROUP BY ALL;

-- The same by modality, attended encounters only (a person counts once per modality used).
CREATE OR REPLACE TEMP TABLE person_period_modality AS
SELECT ef.person_key, mp.grain, mp.period, ef.modality, sum(attended) AS attended, sum(minutes) AS minutes
FROM encounter_facts ef JOIN month_periods mp USING (month)
WHERE ef.attended > 0
GROUP BY ALL;
