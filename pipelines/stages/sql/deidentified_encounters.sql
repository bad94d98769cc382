-- encounters → store: person and staff ids as keyed hashes, the record id as a keyed digest.
SELECT record_key('encounters', s.encounter_id) AS record_key, p.person_key, st.staff_key,
  s.date, s.minutes::INTEGER AS minutes, s.modality, s.status
FROM ({{source}}) s
JOIN person_ids p ON p.raw_id = s.participant_id
JOIN staff_ids st ON st.raw_id = s.staff_id
