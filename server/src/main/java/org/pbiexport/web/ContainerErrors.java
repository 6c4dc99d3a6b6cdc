package org.pbiexport.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Errors Tomcat answers before any servlet runs (an address with {@code %2F} or
 * {@code %00}, a request line or header too long, an invalid character) are written as
 * RFC 9457 problems too, instead of Tomcat's HTML error report.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

	@Bean
	ProblemErrorReports problemErrorReports(ProblemWriter problems) {
		return new ProblemErrorReports(problems);
	}

	/**
	 * Ordered after Spring Boot's customizer, which adds Tomcat's own report valve to the
	 * host: ours replaces it.
	 */
	static final class ProblemErrorReports
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		private final ProblemWriter problems;

		ProblemErrorReports(ProblemWriter problems) {
			this.problems = problems;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				for (Valve valve : context.getParent().getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						context.getParent().getPipeline().removeValve(valve);
					}
				}
				context.getParent().getPipeline().addValve(new ProblemReportValve(this.problems));
				// Otherwise the host adds Tomcat's own valve again when it starts.
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemReportValve.class.getName());
				}
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/** Tomcat's error report, as a problem body without anything internal. */
	static final class ProblemReportValve extends ErrorReportValve {

		private final ProblemWriter problems;

		ProblemReportValve(ProblemWriter problems) {
			this.problems = problems;
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			HttpStatusCode code = HttpStatusCode.valueOf(status);
			ProblemDetail problem = ProblemWriter.problem(code,
					(status >= 500) ? "internal" : ProblemWriter.slugOf(code), ProblemWriter.detailOf(status), null);
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding("UTF-8");
				Writer writer = response.getReporter();
				if (writer != null) {
					writer.write(this.problems.toJson(problem));
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client is gone, or the response was already under way: nothing
				// more to tell.
			}
		}

	}

}
