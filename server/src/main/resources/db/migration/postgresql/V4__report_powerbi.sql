-- Render modes "embedded" and "export_api" (and Report Server sign-in in "url" mode) name the
-- Power BI workspace and report, the stored credential to use, and optionally the effective
-- identity for row-level security (roles one per line). All empty for a plain "url" report.
ALTER TABLE reports ADD COLUMN pbi_workspace_id VARCHAR(36);
ALTER TABLE reports ADD COLUMN pbi_report_id VARCHAR(36);
ALTER TABLE reports ADD COLUMN pbi_credential VARCHAR(100);
ALTER TABLE reports ADD COLUMN rls_username VARCHAR(256);
ALTER TABLE reports ADD COLUMN rls_roles VARCHAR(2000);
CREATE INDEX reports_by_credential ON reports (pbi_credential);
