-- Encounters reduced to person × month (the one pass over the largest table,
-- modalities kept as a bit mask); then one row per person with what the
-- metrics need, and one per person × period.
CREATE OR REPLACE TEMP TABLE encounter_facts AS
SELECT e.person_key, date_trunc('month', e.date)::DATE AS month,
  count(*) FILTER (e.status = 'attended') AS attended,
  count(*) FILTER (e.status = 'no_show') AS no_show,
  coalesce(sum(e.minutes) FILTER (e.status = 'attended'), 0) AS minutes,
  count(*) FILTER (e.status = 'attended' AND e.modality = 'group') AS group_attended,
  -- bit m set: attended an encounter of modality m (its position in {{modalities}})
  bit_or(CASE WHEN e.status = 'attended' THEN 1::INTEGER << (list_position({{modalities}}, e.modality) - 1) ELSE 0 END) AS modality_mask,
  min(e.date) FILTER (e.status = 'attended' AND e.date >= p.enrolled_on) AS first_attended,
  max(e.date) FILTER (e.status = 'attended') AS last_attended,
  -- bit w set: attended contact in week w (0..12) after enrollment
  -- (a CASE, not FILTER: the shift must not be evaluated for later weeks)
  bit_or(CASE WHEN e.status = 'attended' AND e.date >= p.enrolled_on AND e.date < p.enrolled_on + 91
    THEN 1::INTEGER << ((e.date - p.enrolled_on) // 7)::INTEGER ELSE 0 END) AS weeks13_mask
FROM encounters e JOIN participants p USING (person_key)
GROUP BY ALL;

-- Attended encounters and minutes by modality and month: sums need no person.
CREATE OR REPLACE TEMP TABLE modality_month AS
SELECT date_trunc('month', date)::DATE AS month, modality, count(*) AS attended, sum(minutes) AS minutes
FROM encounters WHERE status = 'attended' GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE person AS
WITH contact AS (
  SELECT person_key, min(first_attended) AS first_contact_on, max(last_attended) AS last_attended_on,
    bit_count(bit_or(weeks13_mask)) AS weeks13
  FROM encounter_facts GROUP BY ALL
),
trust AS (
  SELECT person_key, arg_max(score, (administered_on, record_key)) AS latest_trust, any_value(threshold) AS threshold
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
SELECT ef.person_key, mp.grain, mp.period, sum(attended) AS attended, sum(no_show) AS no_show,
  sum(minutes) AS minutes, sum(group_attended) AS group_attended, bit_or(modality_mask) AS modality_mask
FROM encounter_facts ef JOIN month_periods mp USING (month)
GROUP BY ALL;
