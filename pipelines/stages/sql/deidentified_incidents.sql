-- incidents → store, the site as its display name.
SELECT record_key('incidents', s.incident_id) AS record_key, display_name('site', s.site) AS site, st.staff_key, s.date, s.category, s.severity,
  s.resolved_on
FROM ({{source}}) s
JOIN staff_ids st ON st.raw_id = s.staff_id
