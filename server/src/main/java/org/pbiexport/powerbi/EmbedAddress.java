package org.pbiexport.powerbi;

import org.jspecify.annotations.Nullable;

/**
 * A classified report address: its kind, the address itself (taken from an iframe snippet
 * when one was pasted) and the identifiers found in it; parts that are not present are
 * null.
 */
public record EmbedAddress(EmbedKind kind, String url, @Nullable String reportId, @Nullable String groupId,
		@Nullable String tenantId, @Nullable String pageName) {
}
