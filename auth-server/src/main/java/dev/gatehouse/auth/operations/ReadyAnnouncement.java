package dev.gatehouse.auth.operations;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One line once everything at start-up is done, the first-start clients and admin included: the port may
 * answer a little earlier ("Started ..." comes before the start-up runners), so scripts and process tests
 * wait for this line rather than for the first answer.
 */
@Component
class ReadyAnnouncement {

	private static final Log logger = LogFactory.getLog(ReadyAnnouncement.class);

	private final String issuer;

	ReadyAnnouncement(@Value("${gatehouse.issuer}") String issuer) {
		this.issuer = issuer;
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		logger.info("Gatehouse is ready: issuer " + this.issuer);
	}

}
