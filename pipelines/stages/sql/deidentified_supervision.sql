-- supervision → store.
SELECT record_key('supervision', s.supervision_id) AS record_key, st.staff_key, s.date, s.minutes::INTEGER AS minutes
FROM ({{source}}) s
JOIN staff_ids st ON st.raw_id = s.staff_id
