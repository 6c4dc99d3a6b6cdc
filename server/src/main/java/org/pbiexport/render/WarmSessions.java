package org.pbiexport.render;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.microsoft.playwright.PlaywrightException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One render thread's warm sessions (its Playwright connection's contexts), by key, the
 * least recently used first. A render that matches one renews its embed token if it
 * brings another ({@link WarmState}) and changes its filters and page in place
 * ({@link WarmRender}); when the session cannot show exactly what was asked, or fails in
 * any way, it is closed and the render loads the report afresh.
 * <p>
 * A render thread without a session of the key asks the threads that hold one
 * ({@link WarmPool#holders}) to lend it: an idle holder's Playwright connection is used
 * by the asking thread under the holder's lock (Playwright's objects may be used by one
 * thread at a time); a busy holder is passed over rather than waited for.
 */
final class WarmSessions {

	private static final Logger log = LoggerFactory.getLogger(WarmSessions.class);

	private final WarmPool pool;

	private final RenderProperties properties;

	private final Phases phases;

	private final Map<WarmPool.Key, WarmSession> sessions = new LinkedHashMap<>();

	private final WarmPool.Holder holder;

	/**
	 * @param holder how another render thread borrows these sessions: it takes the lock
	 * of this thread's Playwright connection and calls {@link #serve}
	 */
	WarmSessions(WarmPool pool, RenderProperties properties, Phases phases, WarmPool.Holder holder) {
		this.pool = pool;
		this.properties = properties;
		this.phases = phases;
		this.holder = holder;
	}

	WarmPool pool() {
		return this.pool;
	}

	/**
	 * The render done in a warm session of the key, this thread's or one lent by another
	 * thread, or null when there is none free or it fell back (the session is then closed
	 * and the caller loads the report afresh).
	 */
	@Nullable RenderResult reuse(WarmPool.Key key, RenderJob job, Instant started) {
		if (!this.sessions.containsKey(key)) {
			for (WarmPool.Holder other : this.pool.holders(key)) {
				if (other != this.holder) {
					WarmPool.Served served = other.lend(key, job, started);
					if (served.tried()) {
						return served.result();
					}
				}
			}
		}
		return own(key, job, started);
	}

	/**
	 * For another render thread, which holds this thread's lock: the render done in this
	 * thread's session of the key, or {@link WarmPool.Served#NOT_HELD} when it has none
	 * (any more).
	 */
	WarmPool.Served serve(WarmPool.Key key, RenderJob job, Instant started) {
		if (!this.sessions.containsKey(key)) {
			return WarmPool.Served.NOT_HELD;
		}
		return new WarmPool.Served(true, own(key, job, started));
	}

	private @Nullable RenderResult own(WarmPool.Key key, RenderJob job, Instant started) {
		WarmSession session = this.sessions.remove(key);
		sweep();
		// Judged with the token it is to hold: one near its end is renewed, not reloaded.
		if (session != null && this.pool.expired(session, Instant.now(), WarmState.tokenExpires(job))) {
			discard(session);
			session = null;
		}
		if (session == null) {
			this.pool.count("cold");
			return null;
		}
		// Half of what is left at most: a session that hangs leaves a fresh load time.
		RenderJob warmJob = job.until(started.plus(BrowserSession.remaining(job).dividedBy(2)));
		try {
			session.renew(warmJob);
			RenderResult result = new WarmRender(session.open(this.properties, this.phases, warmJob, started),
					session.state())
				.render();
			session.guard().check();
			if (result == null) {
				this.pool.count("mismatch");
				discard(session);
				return null;
			}
			this.pool.count("hit");
			session.used();
			this.sessions.put(key, session);
			return result;
		}
		catch (RenderFailed | RenderTimedOut | PlaywrightException ex) {
			log.info("A warm report session failed ({}); loading the report afresh", ex.getMessage());
			this.pool.count("error");
			discard(session);
			return null;
		}
		finally {
			session.guard().summarise(job.url());
		}
	}

	/**
	 * Keeps a session that just rendered, if the pool has room (making room by closing
	 * this thread's least recently used session when it has one).
	 * @return whether it was kept; if not, the caller closes it
	 */
	boolean keep(WarmSession session) {
		if (this.pool.outdated(session.key())) {
			return false;
		}
		try {
			session.recordLoaded();
		}
		catch (PlaywrightException ex) {
			log.info("Could not read a loaded report's slicers ({}); not keeping it warm", ex.getMessage());
			return false;
		}
		WarmSession same = this.sessions.remove(session.key());
		if (same != null) {
			discard(same);
		}
		if (!this.pool.reserve()) {
			Iterator<WarmSession> oldest = this.sessions.values().iterator();
			if (!oldest.hasNext()) {
				return false;
			}
			WarmSession evicted = oldest.next();
			oldest.remove();
			discard(evicted);
			if (!this.pool.reserve()) {
				return false;
			}
		}
		this.sessions.put(session.key(), session);
		this.pool.held(session.key(), this.holder);
		return true;
	}

	/**
	 * Closes the idle sessions that are used up, too old, near their token's end or
	 * outdated.
	 */
	void sweep() {
		Instant now = Instant.now();
		Iterator<WarmSession> all = this.sessions.values().iterator();
		while (all.hasNext()) {
			WarmSession session = all.next();
			if (this.pool.expired(session, now)) {
				all.remove();
				discard(session);
			}
		}
	}

	void closeAll() {
		this.sessions.values().forEach(this::discard);
		this.sessions.clear();
	}

	private void discard(WarmSession session) {
		this.pool.dropped(session.key(), this.holder);
		session.close();
		this.pool.released();
	}

}
