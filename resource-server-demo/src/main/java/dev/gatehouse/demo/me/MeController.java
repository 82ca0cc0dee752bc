package dev.gatehouse.demo.me;

import java.util.Set;

import dev.gatehouse.demo.boundary.Caller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells any caller with a valid token who it is.
 */
@RestController
class MeController {

	@GetMapping("/api/v1/me")
	Me me(Caller caller) {
		return new Me(caller.subject(), caller.clientId(), caller.scopes(), caller.roles());
	}

	record Me(String subject, String clientId, Set<String> scopes, Set<String> roles) {
	}

}
