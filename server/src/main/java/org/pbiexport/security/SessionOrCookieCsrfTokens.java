package org.pbiexport.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * Where CSRF tokens are kept: in the session of someone signed in, and in a cookie for a
 * visitor who has none, so that the sign-in page and refused anonymous requests do not
 * create sessions (each kept half an hour in memory: a flood of anonymous requests would
 * fill the heap). The token is checked the same way either way.
 */
class SessionOrCookieCsrfTokens implements CsrfTokenRepository {

	private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

	private final CookieCsrfTokenRepository cookies = new CookieCsrfTokenRepository();

	SessionOrCookieCsrfTokens() {
		this.cookies.setCookieName("PBI-EXPORT-CSRF");
		this.cookies.setCookiePath("/");
		// The same names as in a session, so forms and scripts need not know where it is.
		this.cookies.setParameterName("_csrf");
		this.cookies.setHeaderName("X-CSRF-TOKEN");
		this.cookies.setCookieCustomizer((cookie) -> cookie.sameSite("Lax").httpOnly(true));
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return choose(request).generateToken(request);
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		if (token == null) {
			// Signing in or out clears the token wherever it was.
			this.sessions.saveToken(null, request, response);
			if (request.getCookies() != null) {
				this.cookies.saveToken(null, request, response);
			}
			return;
		}
		choose(request).saveToken(token, request, response);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		return choose(request).loadToken(request);
	}

	private CsrfTokenRepository choose(HttpServletRequest request) {
		return (request.getSession(false) != null) ? this.sessions : this.cookies;
	}

}
