-- The metric cube: every metric × period × breakdown, each cell with its
-- value and its count of distinct contributors (participants, or staff for
-- professional standards). Input of disclosure control; never served as is.
CREATE OR REPLACE TABLE cube (
  metric VARCHAR NOT NULL,
  period_grain VARCHAR NOT NULL,   -- month | quarter | year
  period VARCHAR NOT NULL,         -- 2025-03 | 2025-Q1 | 2025
  dimension VARCHAR NOT NULL,      -- total | program | site | age_band | ...
  dimension_value VARCHAR NOT NULL,-- 'all' for total
  value DOUBLE,                    -- NULL when the denominator is 0
  numerator DOUBLE,                -- ratio/share/mean: what is divided
  denominator DOUBLE,              -- ratio/share/mean: what it is divided by
  contributors INTEGER NOT NULL,   -- distinct people behind the cell
  numerator_contributors INTEGER,  -- share: people in the numerator (a of a/n)
  min_observed DOUBLE,             -- mean: lowest and highest individual value
  max_observed DOUBLE              --   (equal: everyone gave the same answer)
);

-- The families fill cube_cells (a NULL dimension value is a person outside
-- every band); cube.ts keeps the cells the catalog lists.
CREATE OR REPLACE TEMP TABLE cube_cells AS SELECT * FROM cube WHERE false;
