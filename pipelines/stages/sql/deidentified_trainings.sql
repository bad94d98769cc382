-- trainings → store: the record key is made from the natural key (staff, course, date).
SELECT record_key('trainings', s.staff_id || '|' || s.course || '|' || s.completed_on::VARCHAR) AS record_key,
  st.staff_key, s.course, s.completed_on
FROM ({{source}}) s
JOIN staff_ids st ON st.raw_id = s.staff_id
