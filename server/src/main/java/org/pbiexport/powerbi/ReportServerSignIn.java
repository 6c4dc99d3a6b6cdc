package org.pbiexport.powerbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a Windows account against its Report Server (docs/powerbi-rules.md): one GET of
 * the account's origin, answering Basic and NTLM challenges with the account through an
 * {@link Authenticator} bound to that connection and that origin only (never the JVM's
 * default, so no other connection can use it).
 */
final class ReportServerSignIn {

	private static final Logger log = LoggerFactory.getLogger(ReportServerSignIn.class);

	/**
	 * The web portal of Power BI Report Server, which asks for Windows sign-in; the
	 * server's root often answers 404 without asking.
	 */
	static final String PORTAL_PATH = "/reports/";

	/**
	 * Negotiate may be tried before NTLM; more answers than this mean the password is
	 * wrong.
	 */
	private static final int MAX_ANSWERS = 2;

	private final Duration timeout;

	ReportServerSignIn(Duration timeout) {
		this.timeout = timeout;
	}

	/** Empty when the server let the account in (2xx or 3xx), else what went wrong. */
	Optional<String> test(Credential account) {
		if (account.username() == null || account.username().isBlank() || account.secret() == null) {
			return Optional.of("The account needs a user name and a password.");
		}
		URI origin;
		try {
			origin = origin(account.origin());
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return Optional.of("The account's origin is not an http or https address (such as "
					+ "https://reports.contoso.local).");
		}
		HttpURLConnection connection = null;
		try {
			connection = (HttpURLConnection) origin.resolve(PORTAL_PATH).toURL().openConnection();
			connection.setAuthenticator(new AccountAuthenticator(account, origin));
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setConnectTimeout((int) this.timeout.toMillis());
			connection.setReadTimeout((int) this.timeout.toMillis());
			connection.setRequestMethod("GET");
			int status = connection.getResponseCode();
			drain(connection);
			log.info("Report Server {} answered {} to credential '{}'", origin, status, account.name());
			if (status >= 200 && status < 400) {
				return Optional.empty();
			}
			if (status == 401 || status == 403) {
				return Optional.of("The Report Server refused the account (" + status + ").");
			}
			return Optional.of("The Report Server at " + origin + " answered " + status + ".");
		}
		catch (SocketTimeoutException ex) {
			log.warn("Report Server {} did not answer credential '{}' in time", origin, account.name());
			return Optional
				.of("The Report Server at " + origin + " did not answer within " + this.timeout.toSeconds() + " s.");
		}
		catch (UnknownHostException ex) {
			return Optional.of("Could not reach " + origin + ": the host name is not known.");
		}
		catch (SSLException ex) {
			return Optional.of("Could not reach " + origin + ": the TLS handshake failed (" + ex.getMessage() + ").");
		}
		catch (IOException ex) {
			log.warn("Report Server {} could not be reached for credential '{}': {}", origin, account.name(),
					ex.getMessage());
			return Optional
				.of("Could not reach " + origin + ((ex.getMessage() != null) ? ": " + ex.getMessage() + "." : "."));
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	/** Scheme, host and port of the stored origin, without path or trailing slash. */
	private static URI origin(String origin) throws URISyntaxException {
		URI uri = new URI((origin != null) ? origin.strip() : "");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
			throw new IllegalArgumentException("not an http origin");
		}
		return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
	}

	private static void drain(HttpURLConnection connection) throws IOException {
		InputStream body = (connection.getResponseCode() >= 400) ? connection.getErrorStream()
				: connection.getInputStream();
		if (body != null) {
			try (body) {
				body.transferTo(OutputStream.nullOutputStream());
			}
		}
	}

	/** Gives the account only to its own origin, and only a few times. */
	private static final class AccountAuthenticator extends Authenticator {

		private final Credential account;

		private final URI origin;

		private final AtomicInteger answers = new AtomicInteger();

		AccountAuthenticator(Credential account, URI origin) {
			this.account = account;
			this.origin = origin;
		}

		@Override
		protected PasswordAuthentication getPasswordAuthentication() {
			if (getRequestorType() != RequestorType.SERVER || !fromOrigin()
					|| this.answers.incrementAndGet() > MAX_ANSWERS) {
				return null;
			}
			return new PasswordAuthentication(this.account.username(), this.account.secret().toCharArray());
		}

		private boolean fromOrigin() {
			int port = (this.origin.getPort() != -1) ? this.origin.getPort()
					: this.origin.getScheme().equals("https") ? 443 : 80;
			return this.origin.getHost().equalsIgnoreCase(getRequestingHost()) && port == getRequestingPort();
		}

	}

}
