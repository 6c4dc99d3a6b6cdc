package org.pbiexport.powerbi;

/**
 * An address that may not be registered or rendered; the message says why, for the admin.
 */
public class AddressRejected extends RuntimeException {

	public AddressRejected(String message) {
		super(message);
	}

}
