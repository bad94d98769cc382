-- The analytics store: row-level, de-identified. Person ids are keyed hashes
-- (the first 128 bits of HMAC-SHA256, as an unsigned integer); record ids are keyed 128-bit digests used only to merge
-- repeated extracts. No name, contact detail, street address, full birth date
-- or free text is ever written here: the loader never reads those columns.
-- Dates are kept (the metrics need them): the store is a HIPAA limited data
-- set, which is why the web app never opens it.

CREATE TABLE IF NOT EXISTS participants (
  person_key UHUGEINT NOT NULL, program VARCHAR NOT NULL, site VARCHAR NOT NULL,
  enrolled_on DATE NOT NULL, discharged_on DATE, age_band VARCHAR NOT NULL,
  gender VARCHAR NOT NULL, race_ethnicity VARCHAR NOT NULL, zip3 VARCHAR, referral_source VARCHAR);

CREATE TABLE IF NOT EXISTS encounters (
  record_key UHUGEINT NOT NULL, person_key UHUGEINT NOT NULL, staff_key UHUGEINT NOT NULL,
  date DATE NOT NULL, minutes INTEGER NOT NULL, modality VARCHAR NOT NULL, status VARCHAR NOT NULL);

CREATE TABLE IF NOT EXISTS survey_responses (
  record_key UHUGEINT NOT NULL, person_key UHUGEINT NOT NULL, instrument VARCHAR NOT NULL,
  timepoint VARCHAR NOT NULL, administered_on DATE NOT NULL, items TINYINT[] NOT NULL);

CREATE TABLE IF NOT EXISTS goals (
  record_key UHUGEINT NOT NULL, person_key UHUGEINT NOT NULL, set_on DATE NOT NULL,
  set_by VARCHAR NOT NULL, domain VARCHAR NOT NULL, achieved_on DATE);

CREATE TABLE IF NOT EXISTS staff (
  staff_key UHUGEINT NOT NULL, program VARCHAR NOT NULL, site VARCHAR NOT NULL,
  role VARCHAR NOT NULL, hired_on DATE NOT NULL, left_on DATE);

CREATE TABLE IF NOT EXISTS supervision (
  record_key UHUGEINT NOT NULL, staff_key UHUGEINT NOT NULL, date DATE NOT NULL, minutes INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS trainings (
  record_key UHUGEINT NOT NULL, staff_key UHUGEINT NOT NULL, course VARCHAR NOT NULL, completed_on DATE NOT NULL);

CREATE TABLE IF NOT EXISTS incidents (
  record_key UHUGEINT NOT NULL, site VARCHAR NOT NULL, staff_key UHUGEINT NOT NULL, date DATE NOT NULL,
  category VARCHAR NOT NULL, severity VARCHAR NOT NULL, resolved_on DATE);

-- What each run read, and what it set aside. Quarantine holds no values, only where and why.
CREATE TABLE IF NOT EXISTS runs (
  run_id VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ,
  input_dir VARCHAR NOT NULL, status VARCHAR NOT NULL, duration_ms BIGINT, summary JSON);

CREATE TABLE IF NOT EXISTS input_files (
  run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, entity VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
  bytes BIGINT NOT NULL, rows_read BIGINT NOT NULL, accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL);

CREATE TABLE IF NOT EXISTS dropped_columns (
  run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, "column" VARCHAR NOT NULL, kind VARCHAR NOT NULL);

-- The latest load of a file (by name and checksum) replaces its earlier quarantine entries.
CREATE TABLE IF NOT EXISTS quarantine (
  file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, line BIGINT NOT NULL, "column" VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, run_id VARCHAR NOT NULL);
