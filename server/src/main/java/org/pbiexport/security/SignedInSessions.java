package org.pbiexport.security;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.security.core.session.AbstractSessionEvent;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;

/**
 * The sessions people signed in with on the sign-in page. A session keeps the rights its
 * user had when signing in, so when an admin disables a user, changes their role or
 * resets their password, that user's sessions must end: their next request finds the
 * session expired and asks them to sign in again, with what they may do now.
 */
@Component
class SignedInSessions implements ApplicationListener<AbstractSessionEvent> {

	private static final Logger log = LoggerFactory.getLogger(SignedInSessions.class);

	private final SessionRegistryImpl registry = new SessionRegistryImpl();

	/** The registry sign-ins are kept in (the web security configuration fills it). */
	SessionRegistry registry() {
		return this.registry;
	}

	/** Forgets sessions that end, and follows those whose id changes at sign-in. */
	@Override
	public void onApplicationEvent(AbstractSessionEvent event) {
		this.registry.onApplicationEvent(event);
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
