package org.pbiexport.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.pbiexport.web.ProblemWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Refuses a cross-origin request from a page whose origin is not allowed with a problem
 * body, like every other error, instead of Spring's plain-text "Invalid CORS request".
 */
class CorsProblems extends DefaultCorsProcessor {

	private final ProblemWriter problems;

	CorsProblems(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		response.setStatusCode(HttpStatus.FORBIDDEN);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = this.problems.toJson(ProblemWriter.problem(HttpStatus.FORBIDDEN, "origin-not-allowed",
				"Pages of this origin may not call this API from a browser; an operator names the allowed "
						+ "origins in pbi-export.api.allowed-origins.",
				null));
		response.getBody().write(body.getBytes(StandardCharsets.UTF_8));
		response.flush();
	}

}
