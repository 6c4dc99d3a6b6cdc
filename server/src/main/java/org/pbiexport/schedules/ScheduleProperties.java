package org.pbiexport.schedules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of schedules ({@code pbi-export.schedules.*}); the mail server itself is
 * Spring Boot's {@code spring.mail.*}.
 *
 * @param maxAttachment files up to this size are attached; larger ones are sent as a
 * download link
 * @param linkValidFor how long a download link works
 * @param poll how often each instance looks for due schedules
 * @param from the sender of the mails
 * @param publicUrl the address people reach this app at, for download links; absent:
 * {@code http://localhost:<port>}
 * @param keepRuns how many runs of each schedule the history keeps
 */
@ConfigurationProperties("pbi-export.schedules")
record ScheduleProperties(@DefaultValue("10MB") DataSize maxAttachment, @DefaultValue("7d") Duration linkValidFor,
		@DefaultValue("30s") Duration poll, @DefaultValue("pbi-export@localhost") String from,
		@DefaultValue("") String publicUrl, @DefaultValue("50") int keepRuns) {
}
