package org.pbiexport.powerbi;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent reader of Power BI's URL filter language, written for the tests from
 * docs/powerbi-rules.md alone: it percent-decodes a query value and reads back each
 * condition's table, column, operator and typed values, so the builder's output can be
 * checked by meaning, not by string.
 */
final class UrlFilterParser {

	record Parsed(String table, String column, String operator, List<Object> values) {
	}

	private final String text;

	private int at;

	private UrlFilterParser(String text) {
		this.text = text;
	}

	/** The filter value of a render URL's query, decoded and parsed. */
	static List<Parsed> parseUrl(String url, String parameter) {
		String query = url.substring(url.indexOf('?') + 1);
		for (String pair : query.split("&")) {
			if (pair.startsWith(parameter + "=")) {
				return parse(percentDecode(pair.substring(parameter.length() + 1)));
			}
		}
		throw new IllegalArgumentException("no " + parameter + " in " + url);
	}

	static List<Parsed> parse(String expression) {
		UrlFilterParser parser = new UrlFilterParser(expression);
		List<Parsed> conditions = new ArrayList<>();
		conditions.add(parser.condition());
		while (parser.at < expression.length()) {
			parser.expect(" and ");
			conditions.add(parser.condition());
		}
		return conditions;
	}

	static String percentDecode(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else if (c == '+' || c > 127 || " &#?'/".indexOf(c) >= 0) {
				throw new IllegalArgumentException("unencoded '" + c + "' in a query value");
			}
			else {
				bytes.write(c);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private Parsed condition() {
		String table = name();
		expect("/");
		String column = name();
		expect(" ");
		int space = this.text.indexOf(' ', this.at);
		String operator = this.text.substring(this.at, space);
		this.at = space + 1;
		List<Object> values = new ArrayList<>();
		if (operator.equals("in")) {
			expect("(");
			values.add(literal());
			while (peek() == ',') {
				expect(", ");
				values.add(literal());
			}
			expect(")");
		}
		else {
			values.add(literal());
		}
		return new Parsed(table, column, operator, values);
	}

	private String name() {
		StringBuilder name = new StringBuilder();
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at);
			if (this.text.startsWith("_x", this.at) && escapeLength() > 0) {
				int length = escapeLength();
				name.appendCodePoint(Integer.parseInt(this.text.substring(this.at + 2, this.at + length - 1), 16));
				this.at += length;
			}
			else if (Character.isLetterOrDigit(c) && c < 128 || c == '_') {
				name.append(c);
				this.at++;
			}
			else {
				break;
			}
		}
		if (name.isEmpty()) {
			throw new IllegalArgumentException("no name at " + this.at + " in " + this.text);
		}
		return name.toString();
	}

	private int escapeLength() {
		for (int digits : new int[] { 4, 8 }) {
			int end = this.at + 2 + digits;
			if (end < this.text.length() && this.text.charAt(end) == '_'
					&& this.text.substring(this.at + 2, end).chars().allMatch((d) -> Character.digit(d, 16) >= 0)) {
				return digits + 3;
			}
		}
		return 0;
	}

	private Object literal() {
		if (peek() == '\'') {
			return quoted();
		}
		if (this.text.startsWith("datetime'", this.at)) {
			this.at += "datetime".length();
			return LocalDateTime.parse(quoted());
		}
		int start = this.at;
		while (this.at < this.text.length() && ",) ".indexOf(this.text.charAt(this.at)) < 0) {
			this.at++;
		}
		String token = this.text.substring(start, this.at);
		if (token.equals("true") || token.equals("false")) {
			return Boolean.valueOf(token);
		}
		if (token.matches("\\d{4}-\\d{2}-\\d{2}")) {
			return LocalDate.parse(token);
		}
		if (token.matches("-?\\d+")) {
			return Long.parseLong(token);
		}
		if (token.matches("-?\\d+\\.\\d+")) {
			return new BigDecimal(token);
		}
		throw new IllegalArgumentException("not a literal: '" + token + "'");
	}

	private String quoted() {
		expect("'");
		StringBuilder value = new StringBuilder();
		while (true) {
			int quote = this.text.indexOf('\'', this.at);
			if (quote < 0) {
				throw new IllegalArgumentException("unclosed quote in " + this.text);
			}
			value.append(this.text, this.at, quote);
			this.at = quote + 1;
			if (peek() == '\'') {
				value.append('\'');
				this.at++;
			}
			else {
				return value.toString();
			}
		}
	}

	private char peek() {
		return (this.at < this.text.length()) ? this.text.charAt(this.at) : 0;
	}

	private void expect(String token) {
		if (!this.text.startsWith(token, this.at)) {
			throw new IllegalArgumentException("expected '" + token + "' at " + this.at + " in " + this.text);
		}
		this.at += token.length();
	}

}
