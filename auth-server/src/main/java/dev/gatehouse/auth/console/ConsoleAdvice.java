package dev.gatehouse.auth.console;

import dev.gatehouse.auth.user.SignedInUser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What every console page shares: the signed-in admin's name for the header, and the console's own error
 * pages (never a white-label page or a stack trace; only the exception class is logged, its message could
 * quote input).
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
final class ConsoleAdvice {

	private static final Log logger = LogFactory.getLog(ConsoleAdvice.class);

	@ModelAttribute("adminName")
	String adminName(@AuthenticationPrincipal SignedInUser user) {
		return (user != null) ? user.user().username() : "";
	}

	@ExceptionHandler(NotFound.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(NotFound missing, Model model) {
		model.addAttribute("message", missing.getMessage());
		return "console/error";
	}

	@ExceptionHandler(DataAccessException.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String unavailable(DataAccessException ex, Model model) {
		logger.error("Console: database unavailable: " + ex.getClass().getName());
		model.addAttribute("message", "The database is not answering. Try again shortly.");
		return "console/error";
	}

	@ExceptionHandler(RuntimeException.class)
	@ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
	String unexpected(RuntimeException ex, Model model) {
		logger.error("Console: unexpected failure: " + ex.getClass().getName());
		model.addAttribute("message", "Something went wrong. The server log has the details.");
		return "console/error";
	}

	/** A console page about something that does not exist (a deleted client, an unknown user). */
	static final class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message, null, false, false);
		}

	}

}
