-- Credentials admins store for Power BI (service principals: tenant_id, client_id) and Report
-- Servers (Windows accounts: username, origin, the only origin the account is sent to). The
-- secret (client secret or password) is never stored in clear: secret_cipher is AES-256-GCM text
-- made with the key of pbi-export.secret-key ("v1:<key id>:<base64>"), bound to the other fields.
-- Reports name a credential by its name, so names are unique and never change.
CREATE TABLE credentials (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(100) NOT NULL,
    kind VARCHAR(30) NOT NULL,
    tenant_id VARCHAR(255),
    client_id VARCHAR(36),
    username VARCHAR(200),
    origin VARCHAR(300),
    secret_cipher TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by VARCHAR(100) NOT NULL,
    CONSTRAINT credentials_name UNIQUE (name)
);
