package org.pbiexport.render;

/**
 * Which hosts a rendered page may open as its page and reach even when they are private
 * or loopback addresses: the operator's allowlist, told to the render module by the
 * module that owns it (the render module knows nothing about reports or their settings).
 * Declared as a Spring bean; without one, only the app's own demo and host pages may be
 * opened.
 */
@FunctionalInterface
public interface RenderAllowlist {

	/**
	 * @param host the host name or IP address, lower case, IPv6 without brackets
	 * @param port the port, the scheme's default when the address gives none
	 * @return whether the allowlist names this host (and port)
	 */
	boolean allows(String host, int port);

}
