/**
 * Schedules: exports made at the times a cron expression says in a time zone and mailed
 * to recipients (attached up to a size, else as a signed, expiring download link), their
 * run history, the admin API {@code /api/admin/schedules} and the admin page
 * {@code /admin/schedules}. One instance of a cluster runs each due run: the one whose
 * update moves the schedule's next run forward in the metadata database.
 */
@ApplicationModule(allowedDependencies = { "catalog", "export", "powerbi", "cluster", "web" })
@NullMarked
package org.pbiexport.schedules;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
