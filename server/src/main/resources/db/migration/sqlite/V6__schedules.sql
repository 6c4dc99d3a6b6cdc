-- Schedules (docs/contract.md, "Schedules"): an export made at the times a cron expression says in a
-- time zone, and mailed to recipients. export_request is the export part of the document as JSON
-- (pages, format, filters, each). next_run (epoch ms) is the next time it is due; the instance that
-- moves it forward with UPDATE ... WHERE next_run = <the due time> is the one that runs it, so two
-- instances on one database send one mail per run. Times are epoch milliseconds.
CREATE TABLE schedules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(200) NOT NULL,
    report_id BIGINT NOT NULL,
    export_request TEXT NOT NULL,
    cron VARCHAR(200) NOT NULL,
    time_zone VARCHAR(100) NOT NULL,
    recipients TEXT NOT NULL,
    subject VARCHAR(300) NOT NULL,
    enabled BOOLEAN NOT NULL,
    next_run BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by VARCHAR(100) NOT NULL
);

CREATE INDEX schedules_due ON schedules (enabled, next_run);

-- One row per run, cron or "Run now": what was sent, or why not, in words.
CREATE TABLE schedule_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    schedule_id BIGINT NOT NULL,
    run_trigger VARCHAR(20) NOT NULL,
    due_at BIGINT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    status VARCHAR(20) NOT NULL,
    error TEXT,
    file_name VARCHAR(300),
    file_size BIGINT,
    delivery VARCHAR(20),
    instance VARCHAR(200) NOT NULL,
    CONSTRAINT schedule_runs_schedule FOREIGN KEY (schedule_id) REFERENCES schedules (id) ON DELETE CASCADE
);

CREATE INDEX schedule_runs_by_schedule ON schedule_runs (schedule_id, started_at);

-- Files too large to attach, kept for their signed download link until expires_at.
CREATE TABLE schedule_files (
    run_id BIGINT NOT NULL PRIMARY KEY,
    file_name VARCHAR(300) NOT NULL,
    content_type VARCHAR(200) NOT NULL,
    content BLOB NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT schedule_files_run FOREIGN KEY (run_id) REFERENCES schedule_runs (id) ON DELETE CASCADE
);
