-- staff → store: staff id as a keyed hash.
SELECT st.staff_key, s.program, s.site, s.role, s.hired_on, s.left_on
FROM ({{source}}) s
JOIN staff_ids st ON st.raw_id = s.staff_id
