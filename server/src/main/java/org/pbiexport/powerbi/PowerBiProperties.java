package org.pbiexport.powerbi;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Which report addresses may be registered and rendered. Its documented name,
 * {@code pbi-export.render.allowed-hosts}, sits among the render settings, whose prefix
 * the render module binds; this module reads that one name and binds nothing else under
 * {@code pbi-export.render}.
 *
 * @param allowedHosts hosts whose addresses may be registered and rendered;
 * {@code *.example.com} matches every subdomain of example.com. An entry without a port
 * allows the standard ports 80 and 443 only; {@code host:8443} allows that port,
 * {@code host:*} any port. The app's own demo report is always allowed.
 */
public record PowerBiProperties(List<String> allowedHosts) {

	/** The Power BI service's hosts in each cloud: what is allowed unless configured. */
	static final List<String> POWER_BI_HOSTS = List.of("app.powerbi.com", "*.powerbi.com", "app.powerbigov.us",
			"*.powerbigov.us", "app.mil.powerbigov.us", "app.high.powerbigov.us", "app.powerbi.cn", "*.powerbi.cn",
			"app.powerbi.de", "*.powerbi.de", "app.fabric.microsoft.com", "*.fabric.microsoft.com");

	static final String ALLOWED_HOSTS = "pbi-export.render.allowed-hosts";

	@Configuration(proxyBeanMethods = false)
	static class Binding {

		@Bean
		PowerBiProperties powerBiProperties(Environment environment) {
			return new PowerBiProperties(
					Binder.get(environment).bind(ALLOWED_HOSTS, Bindable.listOf(String.class)).orElse(POWER_BI_HOSTS));
		}

	}

}
