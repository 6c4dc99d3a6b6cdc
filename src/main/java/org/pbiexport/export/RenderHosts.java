package org.pbiexport.export;

import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.render.RenderAllowlist;

import org.springframework.stereotype.Component;

/**
 * Tells the render module the hosts a rendered page may open: the same allowlist that
 * decides which addresses may be registered, so a report page cannot lead the browser
 * anywhere its address could not have named.
 */
@Component
class RenderHosts implements RenderAllowlist {

	private final EmbedAddresses addresses;

	RenderHosts(EmbedAddresses addresses) {
		this.addresses = addresses;
	}

	@Override
	public boolean allows(String host, int port) {
		return this.addresses.allowed(host, port);
	}

}
