package org.pbiexport.powerbi;

import java.util.List;

/**
 * The identity a service principal sends for a dataset with row-level security
 * (docs/powerbi-rules.md): the user whose rows to show and their roles.
 */
public record EffectiveIdentity(String username, List<String> roles) {

	public EffectiveIdentity {
		roles = (roles != null) ? List.copyOf(roles) : List.of();
	}

}
