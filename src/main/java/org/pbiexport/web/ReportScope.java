package org.pbiexport.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The reports the current request may see, when its API key is restricted to some. Set by
 * the security module; the catalogue answers "not found" for every other report, so such
 * a client does not learn that they exist (docs/contract.md).
 */
public final class ReportScope {

	private static final String ATTRIBUTE = ReportScope.class.getName();

	private ReportScope() {
	}

	public static void restrict(HttpServletRequest request, Set<Long> reportIds) {
		request.setAttribute(ATTRIBUTE, Set.copyOf(reportIds));
	}

	/**
	 * Whether the current request may see the report: always outside a request and when
	 * its key is not restricted.
	 */
	public static boolean allows(long reportId) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes == null) {
			return true;
		}
		Object scope = attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		return !(scope instanceof Set<?> ids) || ids.contains(reportId);
	}

}
