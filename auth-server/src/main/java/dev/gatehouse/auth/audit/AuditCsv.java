package dev.gatehouse.auth.audit;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Audit events as CSV, one row at a time: RFC 4180 (comma-separated, CRLF line ends, a field holding a comma,
 * quote, CR or LF is quoted and its quotes doubled), a header row of the {@code audit_event} column names, times
 * as UTC ISO-8601 instants, absent values as empty fields. A field a spreadsheet would run as a formula (it
 * starts with {@code = + - @}, a tab or a CR) gets a leading {@code '}: audit fields carry text callers chose
 * (client ids as sent, usernames as typed, user agents), and an export is opened by people with privileges.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4180#section-2">RFC 4180 §2</a>
 * @see <a href="https://owasp.org/www-community/attacks/CSV_Injection">OWASP: CSV injection</a>
 */
final class AuditCsv {

	static final String HEADER = "occurred_at,event_type,outcome,client_id,subject,actor,origin_ip,user_agent,"
			+ "request_path,scopes,token_ref,request_id,error_code,detail";

	private static final String LINE_END = "\r\n";

	private final Writer out;

	AuditCsv(Writer out) {
		this.out = Objects.requireNonNull(out, "out");
	}

	void header() throws IOException {
		this.out.write(HEADER);
		this.out.write(LINE_END);
	}

	void row(AuditEvent event) throws IOException {
		String[] fields = { event.occurredAt().toString(), event.type(), event.outcome(), event.clientId(),
				event.subject(), event.actor(), event.originIp(), event.userAgent(), event.path(), event.scopes(),
				event.tokenRef(), event.requestId(), event.error(), event.detail() };
		for (int i = 0; i < fields.length; i++) {
			if (i > 0) {
				this.out.write(',');
			}
			this.out.write(field(fields[i]));
		}
		this.out.write(LINE_END);
	}

	/** One field, made inert for spreadsheets, then quoted if RFC 4180 requires it. */
	static String field(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String inert = startsLikeAFormula(value) ? "'" + value : value;
		// RFC 4180 §2.6/2.7: fields containing line breaks, double quotes and commas should be enclosed in
		// double quotes, and a double quote inside one must be escaped by preceding it with another
		if (inert.indexOf(',') >= 0 || inert.indexOf('"') >= 0 || inert.indexOf('\r') >= 0
				|| inert.indexOf('\n') >= 0) {
			return '"' + inert.replace("\"", "\"\"") + '"';
		}
		return inert;
	}

	private static boolean startsLikeAFormula(String value) {
		char first = value.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

}
