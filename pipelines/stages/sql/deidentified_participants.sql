-- participants → store: person id as a keyed hash, program and site as their
-- display names (settings displayNames, decision 0015), age band at enrollment
-- (birth year is read only to compute it and is not kept; over 89 is 90+),
-- ZIP3 with HIPAA Safe Harbor's low-population prefixes as 000.
SELECT
  ids.person_key,
  display_name('program', s.program) AS program,
  display_name('site', s.site) AS site,
  s.enrolled_on,
  s.discharged_on,
  CASE
    WHEN year(s.enrolled_on) - s.birth_year < 18 THEN 'under_18'
    WHEN year(s.enrolled_on) - s.birth_year < 25 THEN '18-24'
    WHEN year(s.enrolled_on) - s.birth_year < 35 THEN '25-34'
    WHEN year(s.enrolled_on) - s.birth_year < 45 THEN '35-44'
    WHEN year(s.enrolled_on) - s.birth_year < 55 THEN '45-54'
    WHEN year(s.enrolled_on) - s.birth_year < 65 THEN '55-64'
    WHEN year(s.enrolled_on) - s.birth_year < 75 THEN '65-74'
    WHEN year(s.enrolled_on) - s.birth_year < 90 THEN '75-89'
    ELSE '90+'
  END AS age_band,
  s.gender,
  s.race_ethnicity,
  CASE
    WHEN s.zip IS NULL THEN NULL
    -- Safe Harbor: ZIP3 areas of 20,000 people or fewer (2000 census) become 000.
    WHEN left(s.zip, 3) IN ('036', '059', '063', '102', '203', '556', '692', '790', '821',
                            '823', '830', '831', '878', '879', '884', '890', '893') THEN '000'
    ELSE left(s.zip, 3)
  END AS zip3,
  s.referral_source
FROM ({{source}}) s
JOIN person_ids ids ON ids.raw_id = s.participant_id
