package org.pbiexport.export;

import java.util.List;
import java.util.stream.Stream;

import org.pbiexport.powerbi.EmbedAddresses;
import org.pbiexport.render.RenderAllowlist;

import org.springframework.stereotype.Component;

/**
 * Tells the render module the hosts a rendered page may open: the same allowlist that
 * decides which addresses may be registered, so a report page cannot lead the browser
 * anywhere its address could not have named. Of the app itself, a rendered page may load
 * the SDK host page and the pages registered by path (the demo's).
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

	@Override
	public List<String> ownPages() {
		String sdkHostFolder = SdkCapture.SDK_HOST_PATH.substring(0, SdkCapture.SDK_HOST_PATH.lastIndexOf('/') + 1);
		return Stream.concat(Stream.of(sdkHostFolder), this.addresses.ownFolders().stream()).toList();
	}

}
