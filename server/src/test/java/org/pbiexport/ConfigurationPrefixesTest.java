package org.pbiexport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module binds settings under a prefix of its own (docs/architecture.md): no
 * {@code @ConfigurationProperties} type binds the bare {@code pbi-export} root, where
 * every module's settings meet, and no prefix is bound by two types, so one module's
 * record cannot quietly take another's settings.
 */
class ConfigurationPrefixesTest {

	@Test
	void everyPrefixIsBoundOnceAndNoneIsTheRoot() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Map<String, String> owners = new HashMap<>();
		List<String> clashes = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(PbiExportApplication.class.getPackageName())) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
			String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
			String other = owners.putIfAbsent(prefix, type.getName());
			if (other != null) {
				clashes.add(prefix + ": " + other + " and " + type.getName());
			}
		}

		assertThat(owners).as("the settings records found").hasSizeGreaterThan(10);
		assertThat(owners).doesNotContainKey("pbi-export").doesNotContainKey("");
		assertThat(clashes).as("prefixes bound twice").isEmpty();
	}

}
