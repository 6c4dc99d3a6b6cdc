package org.pbiexport.render;

import java.util.List;

/**
 * Which hosts a rendered page may open as its page and reach even when they are private
 * or loopback addresses: the operator's allowlist, told to the render module by the
 * module that owns it (the render module knows nothing about reports or their settings).
 * It also names the app's own pages a rendered page may load from the app itself (the
 * render module knows none by name). Declared as a Spring bean; without one, nothing is
 * allowed beyond public addresses.
 */
@FunctionalInterface
public interface RenderAllowlist {

	/**
	 * @param host the host name or IP address, lower case, IPv6 without brackets
	 * @param port the port, the scheme's default when the address gives none
	 * @return whether the allowlist names this host (and port)
	 */
	boolean allows(String host, int port);

	/**
	 * The app's own pages a rendered page may load from the app itself, as path prefixes
	 * under its context path such as {@code /powerbi/}; every other page of the app is
	 * refused.
	 */
	default List<String> ownPages() {
		return List.of();
	}

}
