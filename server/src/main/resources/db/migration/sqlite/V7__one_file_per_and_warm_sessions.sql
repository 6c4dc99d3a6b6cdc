-- Report options of docs/contract.md, "Reports": one_file_per holds the filter columns for which
-- people may ask one file per value, one per line (NULL or empty: none); warm_sessions says whether
-- an embedded report may keep a warm report session and change filters in place (default true).
ALTER TABLE reports ADD COLUMN one_file_per TEXT;
ALTER TABLE reports ADD COLUMN warm_sessions BOOLEAN NOT NULL DEFAULT TRUE;
