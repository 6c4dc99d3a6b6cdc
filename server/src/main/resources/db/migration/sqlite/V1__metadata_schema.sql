-- The metadata schema: reports, their pages and filters with typed, ordered allowed values,
-- admin users and small application state. Times are epoch milliseconds (UTC) everywhere.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title VARCHAR(200) NOT NULL,
    description VARCHAR(2000) NOT NULL,
    embed_url VARCHAR(4000) NOT NULL,
    embed_kind VARCHAR(40) NOT NULL,
    render_mode VARCHAR(20) NOT NULL,
    ready_selector VARCHAR(500),
    settle_ms INTEGER,
    timeout_ms INTEGER,
    cache_ttl_s INTEGER,
    hide_panes BOOLEAN,
    filter_param VARCHAR(40),
    allow_boolean_url_filters BOOLEAN NOT NULL,
    enabled BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by VARCHAR(100),
    version BIGINT NOT NULL
);

CREATE INDEX reports_title ON reports (title);

CREATE TABLE report_pages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL,
    name VARCHAR(200) NOT NULL,
    display_name VARCHAR(200) NOT NULL,
    position INTEGER NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    CONSTRAINT report_pages_report FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT report_pages_name UNIQUE (report_id, name)
);

CREATE TABLE report_filters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id BIGINT NOT NULL,
    label VARCHAR(200) NOT NULL,
    table_name VARCHAR(200) NOT NULL,
    column_name VARCHAR(200) NOT NULL,
    value_type VARCHAR(20) NOT NULL,
    multiple BOOLEAN NOT NULL,
    required BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    CONSTRAINT report_filters_report FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT report_filters_column UNIQUE (report_id, column_name)
);

-- One row per allowed value, in the admin's order; literal is the value's canonical text for the
-- filter's value_type (2023, 5.50, 2023-01-31, 2023-01-31T08:00:00, true, any text).
CREATE TABLE filter_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    filter_id BIGINT NOT NULL,
    position INTEGER NOT NULL,
    literal VARCHAR(1000) NOT NULL,
    is_default BOOLEAN NOT NULL,
    CONSTRAINT filter_values_filter FOREIGN KEY (filter_id) REFERENCES report_filters (id) ON DELETE CASCADE
);

CREATE INDEX filter_values_by_filter ON filter_values (filter_id, position);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username VARCHAR(100) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    role VARCHAR(20) NOT NULL,
    enabled BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT users_username UNIQUE (username)
);

CREATE TABLE app_state (
    name VARCHAR(100) NOT NULL PRIMARY KEY,
    state_value VARCHAR(1000) NOT NULL
);
