package dev.gatehouse.auth.console;

import dev.gatehouse.auth.user.SignedInUser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
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

	@ExceptionHandler(BadRequest.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(BadRequest refused, Model model) {
		model.addAttribute("message", refused.getMessage());
		return "console/error";
	}

	@ExceptionHandler({ BindException.class, TypeMismatchException.class, ServletRequestBindingException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String unreadableForm(Model model) {
		model.addAttribute("message", "The form could not be read. Reload the page and try again.");
		return "console/error";
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	@ResponseStatus(HttpStatus.METHOD_NOT_ALLOWED)
	String wrongMethod(Model model) {
		model.addAttribute("message", "That page does not take this kind of request.");
		return "console/error";
	}

	@ExceptionHandler(DataAccessException.class)
	@ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
	String unavailable(DataAccessException ex, Model model) {
		logger.error("Console: database unavailable: " + ex.getClass().getName());
		model.addAttribute("message", "The database is not answering. Try again shortly.");
		return "console/error";
	}

	@ExceptionHandler(Exception.class)
	@ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
	String unexpected(Exception ex, Model model) {
		logger.error("Console: unexpected failure: " + ex.getClass().getName());
		model.addAttribute("message", "Something went wrong. The server log has the details.");
		return "console/error";
	}

	/** An action the console refuses, with a message for the admin. */
	static final class BadRequest extends RuntimeException {

		BadRequest(String message) {
			super(message, null, false, false);
		}

	}

	/** A console page about something that does not exist (a deleted client, an unknown user). */
	static final class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message, null, false, false);
		}

	}

}
