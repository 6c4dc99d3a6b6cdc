package org.pbiexport.security;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code prod} profile as docs/contract.md sets it: API keys required, and no origin
 * allowed to call the API from a browser until an operator names some.
 */
class ProdProfileTest {

	@Test
	void requiresKeysAndAllowsNoOrigins() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("prod",
				new ClassPathResource("application-prod.yml"))) {
			environment.getPropertySources().addFirst(source);
		}
		ConfigurationPropertySources.attach(environment);

		ApiProperties api = Binder.get(environment).bind("pbi-export.api", ApiProperties.class).get();

		assertThat(api.requireKey()).isTrue();
		assertThat(api.allowedOrigins()).isEqualTo(List.of());
	}

}
