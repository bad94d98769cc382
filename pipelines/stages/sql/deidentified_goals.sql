-- goals → store.
SELECT record_key('goals', s.goal_id) AS record_key, p.person_key, s.set_on, s.set_by, s.domain, s.achieved_on
FROM ({{source}}) s
JOIN person_ids p ON p.raw_id = s.participant_id
