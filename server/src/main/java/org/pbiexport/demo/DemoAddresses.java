package org.pbiexport.demo;

import java.util.Arrays;
import java.util.regex.Pattern;

import org.pbiexport.powerbi.AddressRejected;
import org.pbiexport.powerbi.EmbedAddress;
import org.pbiexport.powerbi.EmbedKind;
import org.pbiexport.powerbi.OwnReportPages;

import org.springframework.stereotype.Component;

/**
 * The demo report's addresses: it lives in this app, so it is registered by a relative
 * path under {@code /demo/} and resolved at render time (an embed kind of its own,
 * {@code demo}), and its page says when it is drawn. The Power BI and export modules ask
 * this instead of knowing the demo's paths.
 */
@Component
class DemoAddresses implements OwnReportPages {

	/**
	 * Anything under {@code /demo/} is the demo. Only plain path segments, so a
	 * registered path cannot climb out of {@code /demo/} or name another host
	 * ({@code //host}, {@code ..}, backslashes, escapes).
	 */
	private static final Pattern ADDRESS = Pattern
		.compile("^/demo/[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*/?(?:\\?[^#\\s\\\\]*)?$");

	@Override
	public EmbedAddress classify(String relative) {
		String path = (relative.indexOf('?') >= 0) ? relative.substring(0, relative.indexOf('?')) : relative;
		if (!ADDRESS.matcher(relative).matches()
				|| Arrays.stream(path.split("/")).anyMatch((segment) -> segment.matches("\\.+"))) {
			throw new AddressRejected("Relative addresses are only for the built-in demo report, under /demo/ (such as "
					+ DemoReport.ADDRESS + "); give other reports' whole address, starting with https://.");
		}
		return new EmbedAddress(EmbedKind.DEMO, relative, "demo", null, null, null);
	}

	@Override
	public String folder() {
		return "/demo/";
	}

	@Override
	public boolean owns(String embedKind) {
		return EmbedKind.DEMO.wireName().equals(embedKind);
	}

}
