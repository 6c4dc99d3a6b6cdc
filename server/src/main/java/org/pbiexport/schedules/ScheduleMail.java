package org.pbiexport.schedules;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.jspecify.annotations.Nullable;
import org.pbiexport.export.ScheduledExports;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The mail of a run, through Spring Boot's mail sender ({@code spring.mail.*}): the file
 * attached, or a download link when it is larger than attachments may be; and what a mail
 * server's refusal means, in words, for the run history.
 */
@Component
class ScheduleMail {

	/**
	 * Bounds of one SMTP conversation, unless {@code spring.mail.properties} set them.
	 */
	private static final String CONNECT_TIMEOUT = "10000", IO_TIMEOUT = "60000";

	private final ObjectProvider<JavaMailSender> senders;

	private final ScheduleProperties properties;

	ScheduleMail(ObjectProvider<JavaMailSender> senders, ScheduleProperties properties) {
		this.senders = senders;
		this.properties = properties;
	}

	/**
	 * The file a run mails, read from memory or streamed from disk when attached.
	 *
	 * @param fileName its name
	 * @param contentType its media type
	 * @param size its size in bytes
	 * @param content its bytes
	 */
	record Attachment(String fileName, String contentType, long size, InputStreamSource content) {

		static Attachment of(ScheduledExports.File file) {
			return new Attachment(file.fileName(), file.contentType(), file.bytes().length,
					new ByteArrayResource(file.bytes()));
		}

		static Attachment of(ScheduledExports.Burst burst) {
			return new Attachment(burst.fileName(), burst.contentType(), burst.size(),
					new FileSystemResource(burst.file()));
		}

	}

	/**
	 * Sends the run's mail.
	 * @param link the download link when the file is not attached
	 * @param note what the file lacks (values that failed), in words, or null
	 * @throws MailException when no mail server is configured, or it refused the mail
	 */
	void send(Schedule schedule, Attachment file, @Nullable String link, ZonedDateTime when, @Nullable String note) {
		JavaMailSender sender = this.senders.getIfAvailable();
		if (sender == null) {
			throw new MailPreparationException("No mail server is configured: set spring.mail.host "
					+ "(SPRING_MAIL_HOST) and, if it needs them, spring.mail.port, username and password.");
		}
		bounded(sender);
		MimeMessage message = sender.createMimeMessage();
		try {
			MimeMessageHelper mail = new MimeMessageHelper(message, true, "UTF-8");
			mail.setFrom(this.properties.from());
			mail.setTo(schedule.draft().recipients().toArray(String[]::new));
			mail.setSubject(subject(schedule.draft(), when));
			String made = "The schedule \"" + schedule.draft().name() + "\" made " + file.fileName() + " ("
					+ size(file.size()) + ") on " + CronTimes.words(when) + "." + ((note != null) ? "\n\n" + note : "");
			if (link == null) {
				mail.setText(made + "\n\nThe file is attached.\n");
				mail.addAttachment(file.fileName(), file.content(), file.contentType());
			}
			else {
				mail.setText(made + "\n\nIt is too large to attach. Download it here until "
						+ CronTimes.words(when.plus(this.properties.linkValidFor())) + ":\n" + link + "\n");
			}
		}
		catch (MessagingException ex) {
			throw new MailPreparationException("The mail could not be put together: " + ex.getMessage(), ex);
		}
		sender.send(message);
	}

	/**
	 * The subject with {@code {date}} (the run's date in the schedule's zone) and
	 * {@code {name}}.
	 */
	static String subject(Schedule.Draft draft, ZonedDateTime when) {
		return draft.subject()
			.replace("{date}", when.format(DateTimeFormatter.ISO_LOCAL_DATE))
			.replace("{name}", draft.name());
	}

	/** What went wrong, in words: the mail server's own answer when it gave one. */
	static String words(MailException failure) {
		if (failure instanceof MailPreparationException) {
			return failure.getMessage();
		}
		List<String> replies = new ArrayList<>();
		if (failure instanceof MailSendException send) {
			send.getFailedMessages().values().forEach((cause) -> replies(cause, replies));
			for (Exception cause : send.getMessageExceptions()) {
				replies(cause, replies);
			}
		}
		replies(failure.getCause(), replies);
		String answer = replies.stream()
			.filter((reply) -> reply.matches("(?s)\\d{3}[ -].*"))
			.findFirst()
			.orElse(replies.isEmpty() ? String.valueOf(failure.getMessage()) : replies.get(0));
		String what = (failure instanceof MailAuthenticationException) ? "The mail server refused the sign-in: "
				: answer.matches("(?s)\\d{3}[ -].*") ? "The mail server refused the mail: "
						: "The mail could not be sent: ";
		return what + answer.strip();
	}

	private static void replies(@Nullable Throwable failure, List<String> replies) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause.getMessage() != null && !replies.contains(cause.getMessage().strip())) {
				replies.add(cause.getMessage().strip());
			}
		}
	}

	private static @Nullable Throwable next(Throwable cause) {
		if (cause instanceof MessagingException messaging && messaging.getNextException() != null) {
			return messaging.getNextException();
		}
		return (cause.getCause() != cause) ? cause.getCause() : null;
	}

	/** Bounds the SMTP conversation unless the operator set its own timeouts. */
	private static void bounded(JavaMailSender sender) {
		if (sender instanceof JavaMailSenderImpl impl) {
			Properties settings = impl.getJavaMailProperties();
			settings.putIfAbsent("mail.smtp.connectiontimeout", CONNECT_TIMEOUT);
			settings.putIfAbsent("mail.smtp.timeout", IO_TIMEOUT);
			settings.putIfAbsent("mail.smtp.writetimeout", IO_TIMEOUT);
		}
	}

	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " bytes";
		}
		return (bytes < 1024 * 1024) ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
				: String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
	}

}
