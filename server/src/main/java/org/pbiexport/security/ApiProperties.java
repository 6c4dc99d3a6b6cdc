package org.pbiexport.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the public API.
 *
 * @param allowedOrigins origins whose pages may call the public API (CORS); {@code *} for
 * any
 * @param requireKey whether the public API needs an API key (API keys come with the admin
 * UI)
 */
@ConfigurationProperties("pbi-export.api")
record ApiProperties(@DefaultValue("*") List<String> allowedOrigins, @DefaultValue("false") boolean requireKey) {

}
