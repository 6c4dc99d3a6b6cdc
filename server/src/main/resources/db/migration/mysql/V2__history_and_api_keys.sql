-- Every change to a report, its pages and filters: who, when, and old -> new per field (changes
-- is a JSON list of {"field", "old", "new"}). Kept when the report is deleted, so no foreign key.
CREATE TABLE report_history (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    report_id BIGINT NOT NULL,
    report_title VARCHAR(200) NOT NULL,
    changed_at BIGINT NOT NULL,
    actor VARCHAR(100) NOT NULL,
    action VARCHAR(20) NOT NULL,
    changes MEDIUMTEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX report_history_by_report ON report_history (report_id, changed_at);
CREATE INDEX report_history_by_time ON report_history (changed_at);

-- Keys for sites and the desktop client. Only a SHA-256 of the secret is stored; key_prefix
-- identifies the key in lists and logs. report_ids (comma separated) and origins (space
-- separated) restrict the key when not empty; admin_access lets it use the admin API too.
CREATE TABLE api_keys (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    key_prefix VARCHAR(20) NOT NULL,
    secret_hash VARCHAR(100) NOT NULL,
    report_ids VARCHAR(2000) NOT NULL,
    origins VARCHAR(2000) NOT NULL,
    admin_access BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    created_by VARCHAR(100) NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT,
    CONSTRAINT api_keys_prefix UNIQUE (key_prefix)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
