-- staff → store: staff id as a keyed hash, program and site as their display names.
SELECT st.staff_key, display_name('program', s.program) AS program, display_name('site', s.site) AS site, s.role, s.hired_on, s.left_on
FROM ({{source}}) s
JOIN staff_ids st ON st.raw_id = s.staff_id
