package dev.gatehouse.auth.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rotation schedule as pure rules over the stored keys and a point in time, so every instance
 * derives the same states from the same rows and the rules are tested with any clock.
 * <p>
 * Per algorithm: the newest activated, unrevoked key is current; keys activating later are next; older
 * ones are retired until {@code retiredRetention} after their successor took over, then expired. A new
 * key is created {@code prepublication} before the current one has signed for {@code rotationPeriod}.
 */
final class KeyLifecycle {

	private final List<SigningAlgorithm> algorithms;

	private final Duration rotationPeriod;

	private final Duration prepublication;

	private final Duration retiredRetention;

	KeyLifecycle(KeyProperties properties) {
		this.algorithms = properties.algorithms();
		this.rotationPeriod = properties.rotationPeriod();
		this.prepublication = properties.prepublication();
		this.retiredRetention = properties.retiredRetention();
	}

	/** A key's state at {@code now}, and until when it is published (for retired keys), else {@code null}. */
	record Status(StoredKey key, KeyState state, Instant publishedUntil) {

		Status {
			Objects.requireNonNull(key, "key");
			Objects.requireNonNull(state, "state");
		}

	}

	/** What the schedule asks for at a point in time. */
	record Plan(List<Creation> create, List<String> delete) {

		boolean isEmpty() {
			return this.create.isEmpty() && this.delete.isEmpty();
		}

	}

	/**
	 * A key to create.
	 *
	 * @param algorithm its algorithm
	 * @param activatesAt when it starts signing
	 */
	record Creation(SigningAlgorithm algorithm, Instant activatesAt) {
	}

	List<Status> statuses(List<StoredKey> keys, Instant now) {
		List<Status> statuses = new ArrayList<>();
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			statuses.addAll(statusesOf(keysOf(keys, algorithm), now));
		}
		return statuses;
	}

	Plan plan(List<StoredKey> keys, Instant now) {
		List<Creation> create = new ArrayList<>();
		List<String> delete = new ArrayList<>();
		for (SigningAlgorithm algorithm : this.algorithms) {
			List<Status> statuses = statusesOf(keysOf(keys, algorithm), now);
			Status current = find(statuses, KeyState.CURRENT);
			boolean hasNext = find(statuses, KeyState.NEXT) != null;
			if (current == null) {
				// nothing can sign: first start, or the current key was revoked (no time to pre-publish)
				create.add(new Creation(algorithm, now));
			}
			else if (current != null && !hasNext) {
				Instant due = current.key().activatesAt().plus(this.rotationPeriod);
				if (!now.isBefore(due.minus(this.prepublication))) {
					Instant earliest = now.plus(this.prepublication);
					create.add(new Creation(algorithm, due.isBefore(earliest) ? earliest : due));
				}
			}
		}
		for (Status status : statuses(keys, now)) {
			boolean expired = status.state() == KeyState.EXPIRED;
			boolean longRevoked = status.state() == KeyState.REVOKED
					&& status.key().revokedAt().plus(this.retiredRetention).isBefore(now);
			if (expired || longRevoked) {
				delete.add(status.key().keyId());
			}
		}
		return new Plan(List.copyOf(create), List.copyOf(delete));
	}

	/**
	 * For every unrevoked key, the instant its publication ends: its successor's activation plus the retired
	 * retention, or {@link Instant#MAX} for the newest key of its algorithm. The same rule as
	 * {@link #statuses}, precomputed so the hot path only compares instants.
	 */
	Map<String, Instant> publicationEnds(List<StoredKey> keys) {
		Map<String, Instant> ends = new HashMap<>();
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			// successors count even when revoked: a superseded key never becomes current again
			List<StoredKey> all = keysOf(keys, algorithm).stream()
				.filter((key) -> !key.withdrawnBeforeActivation())
				.sorted(Comparator.comparing(StoredKey::activatesAt))
				.toList();
			for (int i = 0; i < all.size(); i++) {
				if (!all.get(i).revoked()) {
					Instant end = (i + 1 < all.size()) ? all.get(i + 1).activatesAt().plus(this.retiredRetention)
							: Instant.MAX;
					ends.put(all.get(i).keyId(), end);
				}
			}
		}
		return ends;
	}

	/** A new key for {@code algorithm} on demand: published now, signing after the prepublication window. */
	Creation rotateNow(SigningAlgorithm algorithm, Instant now) {
		return new Creation(algorithm, now.plus(this.prepublication));
	}

	/**
	 * States of one algorithm's keys. The newest activated key is current, unless it was revoked: then no
	 * key is current until a replacement is made; an older key never signs again once it was superseded,
	 * even by a key that was later revoked. A key revoked before it activated supersedes nothing.
	 */
	private List<Status> statusesOf(List<StoredKey> keysOfOneAlgorithm, Instant now) {
		List<Status> statuses = new ArrayList<>();
		// a key withdrawn before it ever signed takes no place in the succession
		keysOfOneAlgorithm.stream()
			.filter(StoredKey::withdrawnBeforeActivation)
			.forEach((key) -> statuses.add(new Status(key, KeyState.REVOKED, null)));
		List<StoredKey> all = keysOfOneAlgorithm.stream()
			.filter((key) -> !key.withdrawnBeforeActivation())
			.sorted(Comparator.comparing(StoredKey::activatesAt))
			.toList();
		int newestActivated = -1;
		for (int i = 0; i < all.size(); i++) {
			if (!all.get(i).activatesAt().isAfter(now)) {
				newestActivated = i;
			}
		}
		for (int i = 0; i < all.size(); i++) {
			StoredKey key = all.get(i);
			if (key.revoked()) {
				statuses.add(new Status(key, KeyState.REVOKED, null));
			}
			else if (i == newestActivated) {
				statuses.add(new Status(key, KeyState.CURRENT, null));
			}
			else if (i > newestActivated) {
				statuses.add(new Status(key, KeyState.NEXT, null));
			}
			else {
				Instant publishedUntil = all.get(i + 1).activatesAt().plus(this.retiredRetention);
				KeyState state = now.isBefore(publishedUntil) ? KeyState.RETIRED : KeyState.EXPIRED;
				statuses.add(new Status(key, state, publishedUntil));
			}
		}
		return statuses;
	}

	private static List<StoredKey> keysOf(List<StoredKey> keys, SigningAlgorithm algorithm) {
		return keys.stream().filter((key) -> key.algorithm() == algorithm).toList();
	}

	private static Status find(List<Status> statuses, KeyState state) {
		return statuses.stream().filter((status) -> status.state() == state).findFirst().orElse(null);
	}

}
