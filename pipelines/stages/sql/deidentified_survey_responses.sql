-- survey_responses → store: items kept as a list (scoring happens downstream, from the registry).
SELECT record_key('survey_responses', s.response_id) AS record_key, p.person_key, s.instrument, s.timepoint,
  s.administered_on,
  [s.item_1, s.item_2, s.item_3, s.item_4, s.item_5, s.item_6,
   s.item_7, s.item_8, s.item_9, s.item_10, s.item_11, s.item_12]::TINYINT[] AS items
FROM ({{source}}) s
JOIN person_ids p ON p.raw_id = s.participant_id
