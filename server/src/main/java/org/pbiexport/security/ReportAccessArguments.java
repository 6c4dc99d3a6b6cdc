package org.pbiexport.security;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.pbiexport.catalog.ReportAccess;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Hands controllers the reports their caller may see as a plain {@link ReportAccess}
 * parameter, so the catalogue and the exports are told the scope instead of reading it
 * from the request: {@link ApiKeyFilter} records a limited key's reports on the request,
 * and every other caller may see all (docs/contract.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ReportAccessArguments implements WebMvcConfigurer {

	private static final String ATTRIBUTE = ReportAccess.class.getName();

	/** Limits the request to the reports its API key may use. */
	static void restrict(HttpServletRequest request, Set<Long> reportIds) {
		request.setAttribute(ATTRIBUTE, ReportAccess.only(reportIds));
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new Resolver());
	}

	private static final class Resolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == ReportAccess.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
				NativeWebRequest request, WebDataBinderFactory binders) {
			Object access = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
			return (access instanceof ReportAccess limited) ? limited : ReportAccess.all();
		}

	}

}
