-- Every export the public API answered (direct or as a job): when, who (a signed-in user, an API
-- key by name and prefix, or "anonymous": never an address), which report and pages, the filter
-- values as applied (JSON object column -> list of values), format, cache HIT/MISS, and the
-- outcome (HTTP status, problem slug when it failed) with its duration. No foreign key: rows
-- outlive deleted reports and keys. Rows older than pbi-export.audit.export-log-keep are deleted.
CREATE TABLE export_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answered_at BIGINT NOT NULL,
    caller_kind VARCHAR(10) NOT NULL,
    caller VARCHAR(100) NOT NULL,
    key_prefix VARCHAR(20),
    report_id BIGINT,
    report_title VARCHAR(200),
    pages VARCHAR(4000) NOT NULL,
    filters TEXT NOT NULL,
    format VARCHAR(10),
    cache VARCHAR(4),
    status INTEGER NOT NULL,
    problem VARCHAR(100),
    duration_ms BIGINT NOT NULL,
    job_id VARCHAR(36)
);

CREATE INDEX export_log_by_time ON export_log (answered_at);
CREATE INDEX export_log_by_report ON export_log (report_id, answered_at);

-- An API key may expire: refused from this instant on (null: never).
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
