package org.pbiexport.web;

import java.util.Locale;

import jakarta.servlet.MultipartConfigElement;
import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The upload limits the servlet container applies ({@code spring.servlet.multipart.*}),
 * in words for a 413: an upload too large is refused before anyone is signed in (the
 * container reads the parts for the first filter that asks for a parameter), so the
 * answer must say what the limit is rather than that the request was malformed.
 */
@Component
class UploadLimits {

	private final MultipartConfigElement multipart;

	UploadLimits(ObjectProvider<MultipartConfigElement> multipart) {
		this.multipart = multipart.getIfAvailable();
	}

	/**
	 * The detail of a 413 for a body too large to read its parameters or parts from.
	 * @param contentType the request's content type: the limits are said for uploads
	 * ({@code multipart/form-data}); a form's limit is the container's
	 */
	String detail(String contentType) {
		boolean upload = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
		if (!upload || this.multipart == null
				|| (this.multipart.getMaxFileSize() < 0 && this.multipart.getMaxRequestSize() < 0)) {
			return ProblemWriter.detailOf(HttpStatus.CONTENT_TOO_LARGE.value());
		}
		return "The request body is too large: an upload may have files of at most "
				+ RequestLimits.describe(this.multipart.getMaxFileSize()) + " each and "
				+ RequestLimits.describe(this.multipart.getMaxRequestSize()) + " in all.";
	}

	/**
	 * The status for parameters the container could not read: 413 when the body was too
	 * large (the container says so), else 400, the client's fault.
	 */
	static HttpStatus statusOf(InvalidParameterException failure) {
		return (failure.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) ? HttpStatus.CONTENT_TOO_LARGE
				: HttpStatus.BAD_REQUEST;
	}

}
