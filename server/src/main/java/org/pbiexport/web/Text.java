package org.pbiexport.web;

import java.util.Arrays;
import java.util.List;

/**
 * A text for people, said in the language they read: a message code of the UI's bundles
 * (application.yml, spring.messages) with its arguments, and the English words, which the
 * JSON API and the logs use whatever the caller's language.
 *
 * @param code the message code, such as {@code users.problem.taken}
 * @param arguments the message's arguments, {0}, {1}, …
 * @param english the text in English, as the API answers it
 */
public record Text(String code, List<?> arguments, String english) {

	public static Text of(String code, String english, Object... arguments) {
		return new Text(code, Arrays.asList(arguments), english);
	}

	@Override
	public String toString() {
		return this.english;
	}

}
