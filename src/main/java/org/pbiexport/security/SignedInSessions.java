package org.pbiexport.security;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * The sessions people signed in with on the sign-in page. A session keeps the rights its
 * user had when signing in, so when an admin disables a user, changes their role or
 * resets their password, that user's sessions must end: their next request finds the
 * session expired and asks them to sign in again, with what they may do now.
 */
@Component
public class SignedInSessions {

	private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

	private final SessionRegistry registry;

	SignedInSessions(SessionRegistry registry) {
		this.registry = registry;
	}

	/** Ends every session of this user. @return how many ended */
	public int endAll(String username) {
		return endAllBut(username, null);
	}

	/**
	 * Ends this user's sessions except one, the session of the request that changed their
	 * own password. @return how many ended
	 */
	public int endAllBut(String username, String keptSessionId) {
		int ended = 0;
		for (Object principal : this.registry.getAllPrincipals()) {
			if (!username.equals(nameOf(principal))) {
				continue;
			}
			for (SessionInformation session : this.registry.getAllSessions(principal, false)) {
				if (!Objects.equals(session.getSessionId(), keptSessionId)) {
					session.expireNow();
					ended++;
				}
			}
		}
		if (ended > 0) {
			log.info("Ended {} session(s) of user '{}'", ended, username);
		}
		return ended;
	}

	private static String nameOf(Object principal) {
		return (principal instanceof UserDetails user) ? user.getUsername() : String.valueOf(principal);
	}

}
