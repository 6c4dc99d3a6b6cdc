package org.pbiexport.powerbi;

/**
 * The kinds of report address an admin registers (docs/powerbi-rules.md), with what works
 * for each.
 */
public enum EmbedKind {

	PUBLISH_TO_WEB("publish_to_web", false, true, false,
			"Publish to web: public, no sign-in; pages can be chosen, but Power BI ignores URL filters on it."),
	SECURE_EMBED("secure_embed", true, true, true,
			"Secure embed: URL filters and page choice work; Power BI asks viewers to sign in."),
	SERVICE_LINK("service_link", true, true, true,
			"Power BI service link: URL filters and page choice work; Power BI asks viewers to sign in."),
	REPORT_SERVER("report_server", true, true, true,
			"Report Server: URL filters are documented (some versions break them with rs:Embed=true) and pages "
					+ "can be chosen; Windows sign-in may be needed."),
	EMBEDDED("embedded", true, true, false,
			"Embedded for your organisation: rendered with a service principal's embed token; filters and pages work."),
	DEMO("demo", true, true, false, "The built-in demo report: filters and page choice work, no sign-in.");

	private final String wireName;

	private final boolean urlFilters;

	private final boolean pageChoice;

	private final boolean signIn;

	private final String description;

	EmbedKind(String wireName, boolean urlFilters, boolean pageChoice, boolean signIn, String description) {
		this.wireName = wireName;
		this.urlFilters = urlFilters;
		this.pageChoice = pageChoice;
		this.signIn = signIn;
		this.description = description;
	}

	/** The name in JSON documents: {@code secure_embed}, {@code publish_to_web}, … */
	public String wireName() {
		return this.wireName;
	}

	public boolean supportsUrlFilters() {
		return this.urlFilters;
	}

	public boolean supportsPageChoice() {
		return this.pageChoice;
	}

	public boolean needsSignIn() {
		return this.signIn;
	}

	/** One sentence for admins on what works for this kind of address. */
	public String describe() {
		return this.description;
	}

	public static EmbedKind fromWireName(String name) {
		for (EmbedKind kind : values()) {
			if (kind.wireName.equals(name)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("unknown embed kind '" + name + "'");
	}

}
