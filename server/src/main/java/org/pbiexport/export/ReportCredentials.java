package org.pbiexport.export;

import java.net.URI;

import org.pbiexport.catalog.PowerBiBinding;
import org.pbiexport.catalog.Report;
import org.pbiexport.powerbi.Credential;
import org.pbiexport.powerbi.CredentialKind;
import org.pbiexport.powerbi.Credentials;
import org.pbiexport.powerbi.EffectiveIdentity;
import org.pbiexport.render.RenderJob;

/**
 * The credential a report's render mode captures with: a service principal for Power BI
 * ({@code embedded}, {@code export_api}), a Windows account for a Report Server address.
 * A missing one, or one of another kind, refuses the export with 409.
 */
final class ReportCredentials {

	private final Credentials credentials;

	ReportCredentials(Credentials credentials) {
		this.credentials = credentials;
	}

	Credential servicePrincipal(Report report) {
		return credential(report, CredentialKind.SERVICE_PRINCIPAL);
	}

	private Credential credential(Report report, CredentialKind kind) {
		String name = report.powerbi().credential();
		Credential credential = (name != null) ? this.credentials.find(name).orElse(null) : null;
		if (credential == null || credential.kind() != kind) {
			throw ExportFailures.addressNotAllowed("Report " + report.id() + " cannot be exported: it needs a "
					+ kind.wireName().replace('_', ' ') + " credential, and the one it names is "
					+ ((name == null) ? "missing" : "not there") + ".");
		}
		return credential;
	}

	/** The Windows account a Report Server address signs in with, for its origin only. */
	RenderJob.HttpLogin reportServerLogin(Report report) {
		if (report.powerbi().credential() == null) {
			return null;
		}
		Credential account = credential(report, CredentialKind.WINDOWS);
		return new RenderJob.HttpLogin(account.username(), account.secret(), origin(account.origin()));
	}

	private static String origin(String origin) {
		URI uri = URI.create(origin);
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
	}

	static EffectiveIdentity identity(PowerBiBinding binding) {
		return binding.hasIdentity() ? new EffectiveIdentity(binding.identityUsername(), binding.identityRoles())
				: null;
	}

}
