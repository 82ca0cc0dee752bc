package dev.gatehouse.auth.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rotation rules on a hand-driven timeline: no clock, no sleeps.
 */
class KeyLifecycleTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration PERIOD = Duration.ofDays(30);

	private static final Duration PREPUBLICATION = Duration.ofHours(1);

	private static final Duration RETENTION = Duration.ofDays(1);

	private final KeyLifecycle lifecycle = new KeyLifecycle(new KeyProperties(Path.of("keys"), "",
			SigningAlgorithm.ES256, List.of(SigningAlgorithm.ES256), PERIOD, PREPUBLICATION, Duration.ofMinutes(15),
			RETENTION, Duration.ofMinutes(1), Duration.ofSeconds(10)));

	private final List<StoredKey> keys = new ArrayList<>();

	@Test
	void planWhenNoKeysThenCurrentKeyActivatingNow() {
		KeyLifecycle.Plan plan = this.lifecycle.plan(this.keys, T0);

		assertThat(plan.create()).containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, T0));
	}

	@Test
	void planWhenCurrentKeyYoungThenNothing() {
		add("k1", T0);

		assertThat(this.lifecycle.plan(this.keys, T0.plus(PERIOD).minus(PREPUBLICATION).minusSeconds(1)).isEmpty())
			.isTrue();
	}

	@Test
	void planWhenRotationDueWithinPrepublicationThenNextKeyActivatingOnSchedule() {
		add("k1", T0);
		Instant now = T0.plus(PERIOD).minus(PREPUBLICATION);

		KeyLifecycle.Plan plan = this.lifecycle.plan(this.keys, now);

		assertThat(plan.create()).containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, T0.plus(PERIOD)));
	}

	@Test
	void planWhenRotationOverdueThenNextKeyStillPrepublished() {
		add("k1", T0);
		Instant now = T0.plus(PERIOD).plus(Duration.ofDays(3));

		KeyLifecycle.Plan plan = this.lifecycle.plan(this.keys, now);

		assertThat(plan.create()).containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, now.plus(PREPUBLICATION)));
	}

	@Test
	void statesFollowTheTimeline() {
		add("k1", T0);
		Instant k2Activates = T0.plus(PERIOD);
		add("k2", k2Activates);

		assertThat(states(k2Activates.minus(PREPUBLICATION))).containsExactly("k1=CURRENT", "k2=NEXT");
		assertThat(states(k2Activates)).containsExactly("k1=RETIRED", "k2=CURRENT");
		assertThat(states(k2Activates.plus(RETENTION).minusSeconds(1))).containsExactly("k1=RETIRED", "k2=CURRENT");
		assertThat(states(k2Activates.plus(RETENTION))).containsExactly("k1=EXPIRED", "k2=CURRENT");
	}

	@Test
	void planWhenRetiredKeyPastRetentionThenDeleted() {
		add("k1", T0);
		add("k2", T0.plus(PERIOD));

		assertThat(this.lifecycle.plan(this.keys, T0.plus(PERIOD).plus(RETENTION)).delete()).containsExactly("k1");
		assertThat(this.lifecycle.plan(this.keys, T0.plus(PERIOD).plus(RETENTION).minusSeconds(1)).delete()).isEmpty();
	}

	@Test
	void retiredKeyIsPublishedUntilRetentionAfterItsSuccessorTookOver() {
		add("k1", T0);
		add("k2", T0.plus(PERIOD));

		KeyLifecycle.Status k1 = this.lifecycle.statuses(this.keys, T0.plus(PERIOD)).get(0);

		assertThat(k1.publishedUntil()).isEqualTo(T0.plus(PERIOD).plus(RETENTION));
	}

	@Test
	void planWhenCurrentKeyRevokedThenReplacementActivatingNowEvenWithANextKeyPending() {
		add("k1", T0);
		this.keys.add(new StoredKey("k1r", SigningAlgorithm.ES256, "{}", "x", T0, T0, T0.plusSeconds(5)));
		this.keys.remove(0);
		add("k2", T0.plus(PERIOD));
		Instant now = T0.plus(Duration.ofDays(1));

		assertThat(states(now)).containsExactly("k1r=REVOKED", "k2=NEXT");
		assertThat(this.lifecycle.plan(this.keys, now).create())
			.containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, now));
	}

	@Test
	void revokingTheCurrentKeyNeverBringsBackTheKeyItSuperseded() {
		add("k1", T0);
		Instant k2Activates = T0.plus(PERIOD);
		this.keys.add(new StoredKey("k2", SigningAlgorithm.ES256, "{}", "x", k2Activates.minus(PREPUBLICATION),
				k2Activates, k2Activates.plus(Duration.ofHours(2))));
		Instant now = k2Activates.plus(Duration.ofHours(3));

		assertThat(states(now)).containsExactly("k1=RETIRED", "k2=REVOKED");
		assertThat(this.lifecycle.plan(this.keys, now).create())
			.containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, now));
		assertThat(this.lifecycle.publicationEnds(this.keys)).containsEntry("k1", k2Activates.plus(RETENTION))
			.doesNotContainKey("k2");
	}

	@Test
	void aNextKeyRevokedBeforeItSignedSupersedesNothing() {
		add("k1", T0);
		Instant k2Activates = T0.plus(PERIOD);
		this.keys.add(new StoredKey("k2", SigningAlgorithm.ES256, "{}", "x", k2Activates.minus(PREPUBLICATION),
				k2Activates, k2Activates.minus(Duration.ofMinutes(30))));
		Instant now = k2Activates.plus(Duration.ofHours(3));

		assertThat(states(now)).containsExactlyInAnyOrder("k1=CURRENT", "k2=REVOKED");
		assertThat(this.lifecycle.publicationEnds(this.keys)).containsEntry("k1", Instant.MAX).doesNotContainKey("k2");
		assertThat(this.lifecycle.plan(this.keys, now).create()).as("k1 is overdue: a new next key, pre-published")
			.containsExactly(new KeyLifecycle.Creation(SigningAlgorithm.ES256, now.plus(PREPUBLICATION)));
	}

	@Test
	void planWhenRevokedLongerThanRetentionThenDeleted() {
		this.keys.add(new StoredKey("gone", SigningAlgorithm.ES256, "{}", "x", T0, T0, T0));
		add("k2", T0);

		assertThat(this.lifecycle.plan(this.keys, T0.plus(RETENTION).plusSeconds(1)).delete()).containsExactly("gone");
	}

	@Test
	void rotateNowPrepublishes() {
		assertThat(this.lifecycle.rotateNow(SigningAlgorithm.RS256, T0))
			.isEqualTo(new KeyLifecycle.Creation(SigningAlgorithm.RS256, T0.plus(PREPUBLICATION)));
	}

	private void add(String kid, Instant activatesAt) {
		this.keys.add(new StoredKey(kid, SigningAlgorithm.ES256, "{}", "x", activatesAt.minus(PREPUBLICATION),
				activatesAt, null));
	}

	private List<String> states(Instant now) {
		return this.lifecycle.statuses(this.keys, now)
			.stream()
			.map((status) -> status.key().keyId() + "=" + status.state())
			.toList();
	}

}
