package org.pbiexport.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

import tools.jackson.core.StreamReadConstraints;

/**
 * Conventions every API path follows: it answers with and without a trailing slash
 * (docs/contract.md), and the published OpenAPI document describes the RFC 9457 error
 * bodies.
 */
@Configuration(proxyBeanMethods = false)
class HttpConventions {

	static final String PROBLEM = "Problem";

	/**
	 * {@code /api/reports/} is served as {@code /api/reports}, before security and
	 * routing see it, so controllers and the OpenAPI document name each path once.
	 */
	@Bean
	FilterRegistrationBean<UrlHandlerFilter> trailingSlashes() {
		UrlHandlerFilter filter = UrlHandlerFilter.trailingSlashHandler("/api/**", "/export/**").wrapRequest().build();
		FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** Bounds request bodies before security or anyone else reads them. */
	@Bean
	FilterRegistrationBean<RequestLimits> requestLimits(HttpLimits limits, ProblemWriter problems) {
		FilterRegistrationBean<RequestLimits> registration = new FilterRegistrationBean<>(
				new RequestLimits(limits, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * Refuses changes while the data cannot be stored; after security (whose filter runs
	 * at -100).
	 */
	@Bean
	FilterRegistrationBean<WriteGuard> writeGuard(ObjectProvider<StorageStatus> storage) {
		FilterRegistrationBean<WriteGuard> registration = new FilterRegistrationBean<>(
				new WriteGuard(storage.orderedStream().toList()));
		registration.setOrder(0);
		return registration;
	}

	/**
	 * What any JSON the app reads may hold, whatever its size: nesting, string and number
	 * lengths Jackson allows by default are far beyond any document of this API. Set
	 * before the app's JSON mappers exist (Jackson reads them when a factory is made).
	 */
	@Bean
	static BeanFactoryPostProcessor jsonReadConstraints() {
		return (beanFactory) -> StreamReadConstraints
			.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(100)
				.maxNumberLength(100)
				.maxStringLength(10_000_000)
				.maxNameLength(10_000)
				.maxDocumentLength(64L * 1024 * 1024)
				.build());
	}

	/**
	 * The API's description. Descriptions are CommonMark, where a bare {@code <key>} is
	 * an HTML tag that viewers swallow: placeholders go in code spans.
	 */
	@Bean
	OpenAPI apiDescription() {
		return new OpenAPI()
			.info(new Info().title("pbi-export HTTP API")
				.version("1")
				.description("Exports Power BI reports as PNG and PDF with admin-controlled filter values. "
						+ "Every path also answers with a trailing slash. Errors are RFC 9457 problem bodies. "
						+ "When API keys are required (the prod profile), send one as `Authorization: Bearer <key>` "
						+ "or `X-API-Key: <key>`; admins make them at `/admin/api-keys`."))
			.components(new Components()
				.addSecuritySchemes("basicAuth", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
				.addSecuritySchemes("bearerApiKey",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("pbx_…"))
				.addSecuritySchemes("headerApiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")));
	}

	/**
	 * Adds the problem body schema and declares it for every operation's client and
	 * server errors.
	 */
	@Bean
	OpenApiCustomizer problemResponsesInApiDescription() {
		return (openApi) -> {
			Schema<?> fieldProblem = new ObjectSchema().addProperty("field", new StringSchema())
				.addProperty("message", new StringSchema())
				.addProperty("allowed_values", new ArraySchema().items(new Schema<>()))
				.addProperty("parameter", new StringSchema().description(
						"on a query (GET): the query parameter behind field, e.g. filter.Year for filters.Year"))
				.addRequiredItem("field")
				.addRequiredItem("message");
			Schema<?> problem = new ObjectSchema().addProperty("type", new StringSchema())
				.addProperty("title", new StringSchema())
				.addProperty("status", new IntegerSchema())
				.addProperty("detail", new StringSchema())
				.addProperty("instance", new StringSchema())
				.addProperty("errors", new ArraySchema().items(fieldProblem))
				.addProperty("error_count",
						new IntegerSchema()
							.description("how many problems there were; errors lists only the first ones"))
				.addRequiredItem("type")
				.addRequiredItem("title")
				.addRequiredItem("status");
			openApi.getComponents().addSchemas(PROBLEM, problem);
			ApiResponse error = new ApiResponse().description("An RFC 9457 problem")
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
			openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
				operation.getResponses().putIfAbsent("4XX", error);
				operation.getResponses().putIfAbsent("5XX", error);
			}));
		};
	}

}
