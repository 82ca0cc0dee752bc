package dev.gatehouse.auth.keys;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.auth.cluster.ClusterJobs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The signing keys as this instance uses them: a snapshot of the shared key table with ready signers and
 * verifiers, reloaded every {@code refresh-interval} (another instance may have rotated) and right after
 * every change made here. Rotation, on schedule or on demand, and revocation go through here; each change
 * is published as a {@link KeyEvent}. Changes hold the cluster lock {@value #ROTATION_JOB}: instances sharing
 * the database plan and create keys one at a time, each seeing what the others created.
 */
public class KeyRing {

	/** The cluster-wide lock (and schedule) of key changes. */
	static final String ROTATION_JOB = "key-rotation";

	private static final Log logger = LogFactory.getLog(KeyRing.class);

	private final JdbcSigningKeyStore store;

	private final KeyEncryptionKey encryption;

	private final KeyLifecycle lifecycle;

	private final KeyProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final ClusterJobs cluster;

	private volatile Snapshot snapshot = new Snapshot(List.of(), List.of(), Map.of(), Map.of(), Map.of());

	KeyRing(JdbcSigningKeyStore store, KeyEncryptionKey encryption, KeyProperties properties, Clock clock,
			ApplicationEventPublisher events, ClusterJobs cluster) {
		this.cluster = Objects.requireNonNull(cluster, "cluster");
		this.store = Objects.requireNonNull(store, "store");
		this.events = Objects.requireNonNull(events, "events");
		this.encryption = Objects.requireNonNull(encryption, "encryption");
		this.properties = Objects.requireNonNull(properties, "properties");
		this.lifecycle = new KeyLifecycle(properties);
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/** A key ready to sign: its {@code kid}, algorithm and signer. */
	public record ActiveKey(String keyId, SigningAlgorithm algorithm, JWSSigner signer) {

		@Override
		public String toString() {
			return "ActiveKey[" + this.keyId + ", " + this.algorithm + "]";
		}

	}

	/** A published key able to verify: its algorithm and verifier. */
	public record VerifyingKey(String keyId, SigningAlgorithm algorithm, JWSVerifier verifier) {
	}

	/**
	 * The algorithm for a client: its own choice, else the deployment's default.
	 *
	 * @throws IllegalArgumentException when the client chose an algorithm this deployment keeps no keys for
	 */
	public SigningAlgorithm algorithmFor(String clientChoice) {
		if (clientChoice == null) {
			return this.properties.defaultAlgorithm();
		}
		SigningAlgorithm chosen = SigningAlgorithm.of(clientChoice);
		if (!this.properties.algorithms().contains(chosen)) {
			throw new IllegalArgumentException("signing algorithm " + chosen + " is not enabled (gatehouse.keys.algorithms)");
		}
		return chosen;
	}

	/** The current key of {@code algorithm}. */
	public ActiveKey signingKey(SigningAlgorithm algorithm) {
		Instant now = this.clock.instant();
		Snapshot current = this.snapshot;
		// newest first: the first one already activated is the current key, unless it was revoked
		for (StoredKey key : current.newestFirst()) {
			if (key.algorithm() == algorithm && !key.activatesAt().isAfter(now)) {
				if (key.withdrawnBeforeActivation()) {
					continue;
				}
				if (key.revoked()) {
					break;
				}
				return current.signers().get(key.keyId());
			}
		}
		throw new IllegalStateException("No current " + algorithm + " signing key");
	}

	/**
	 * The verifier for {@code keyId} when that key is published (next, current or retired), else empty. A
	 * key this instance does not know may have been created by another instance since the last refresh (a
	 * revocation there starts a key that signs at once): an unknown {@code kid} is looked up by its primary
	 * key, and only a live key found there reloads the keys. A made-up or revoked {@code kid} costs that one
	 * lookup and cannot hold back the reload for a real one.
	 */
	public Optional<VerifyingKey> verifyingKey(String keyId) {
		Optional<VerifyingKey> known = published(this.snapshot, keyId);
		if (known.isPresent() || keyId == null || this.snapshot.isRevoked(keyId) || !reloadedFor(keyId)) {
			return known;
		}
		return published(this.snapshot, keyId);
	}

	private Optional<VerifyingKey> published(Snapshot current, String keyId) {
		VerifyingKey key = current.verifiers().get(keyId);
		Instant end = current.publicationEnds().get(keyId);
		if (key == null || end == null) {
			return Optional.empty();
		}
		return this.clock.instant().isBefore(end) ? Optional.of(key) : Optional.empty();
	}

	private boolean reloadedFor(String keyId) {
		try {
			if (!this.store.isLive(keyId)) {
				return false;
			}
			refresh();
			return true;
		}
		catch (RuntimeException ex) {
			// the database is away, or a key cannot be read: the kid stays unknown, as it would have without the lookup
			logger.debug("Could not reload the signing keys for an unknown kid: " + ex.getClass().getSimpleName());
			return false;
		}
	}

	/** The public JWKs to publish now: next, current and retired keys. Never a private member. */
	public List<JWK> publishedKeys() {
		return this.lifecycle.statuses(this.snapshot.keys(), this.clock.instant())
			.stream()
			.filter((status) -> status.state().published())
			.map((status) -> parse(status.key().publicJwk()))
			.toList();
	}

	/** Every key with its state, for operators. */
	public List<KeyView> keys() {
		return this.lifecycle.statuses(this.snapshot.keys(), this.clock.instant())
			.stream()
			.map((status) -> new KeyView(status.key().keyId(), status.key().algorithm(), status.state(),
					status.key().createdAt(), status.key().activatesAt(), status.publishedUntil(),
					status.key().revokedAt()))
			.toList();
	}

	/** Applies the rotation schedule now: creates due keys, purges expired ones, reloads. */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public void rotate() {
		// generating a key is the slow part (RSA: up to seconds on a busy machine), so the keys the plan will
		// most likely need are made before taking the cluster lock: other instances wait only for the inserts
		Map<SigningAlgorithm, JWK> generated = new EnumMap<>(SigningAlgorithm.class);
		this.lifecycle.plan(this.store.all(), this.clock.instant())
			.create()
			.forEach((likely) -> generated.computeIfAbsent(likely.algorithm(), SigningAlgorithm::generate));
		this.cluster.lockForTransaction(ROTATION_JOB);
		Instant now = this.clock.instant();
		KeyLifecycle.Plan plan = this.lifecycle.plan(this.store.all(), now);
		plan.create().forEach((creation) -> create(creation,
				Optional.ofNullable(generated.remove(creation.algorithm())).orElseGet(creation.algorithm()::generate), now));
		plan.delete().forEach((keyId) -> {
			this.store.delete(keyId);
			logger.info("Purged signing key " + keyId);
			this.events.publishEvent(new KeyEvent("key.purged", keyId, "no token it signed is still valid"));
		});
		refreshNowAndAfterCommit();
	}

	/** Starts a rotation on demand: a new key of {@code algorithm}, published now, signing after the prepublication. */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public KeyView rotateNow(SigningAlgorithm algorithm) {
		JWK generated = algorithm.generate();
		this.cluster.lockForTransaction(ROTATION_JOB);
		Instant now = this.clock.instant();
		String keyId = create(this.lifecycle.rotateNow(algorithm, now), generated, now);
		refreshNowAndAfterCommit();
		return keys().stream().filter((key) -> key.keyId().equals(keyId)).findFirst().orElseThrow();
	}

	/**
	 * Revokes a key at once (compromise): it leaves the JWKS and tokens it signed stop introspecting as
	 * active. If it was signing, a new key takes over immediately. Returns whether the key existed.
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public boolean revoke(String keyId) {
		this.cluster.lockForTransaction(ROTATION_JOB);
		boolean revoked = this.store.revoke(keyId, this.clock.instant());
		if (revoked) {
			logger.warn("Revoked signing key " + keyId);
			this.events.publishEvent(new KeyEvent("key.revoked", keyId, "withdrawn from the JWKS at once"));
			rotate();
		}
		return revoked;
	}

	/**
	 * Reloads the keys from the database. One reload at a time, so an older read never replaces a newer one;
	 * a change made here reloads again once committed (a reload on another thread between the change and its
	 * commit would otherwise bring back the state before it, e.g. a key just revoked).
	 */
	public synchronized void refresh() {
		List<StoredKey> keys = this.store.all();
		Map<String, ActiveKey> signers = new HashMap<>();
		Map<String, VerifyingKey> verifiers = new HashMap<>();
		Snapshot previous = this.snapshot;
		for (StoredKey key : keys) {
			if (key.revoked()) {
				continue;
			}
			ActiveKey signer = previous.signers().get(key.keyId());
			signers.put(key.keyId(), (signer != null) ? signer : activate(key));
			VerifyingKey verifier = previous.verifiers().get(key.keyId());
			verifiers.put(key.keyId(), (verifier != null) ? verifier : verifying(key));
		}
		List<StoredKey> newestFirst = keys.stream().sorted(Comparator.comparing(StoredKey::activatesAt).reversed()).toList();
		this.snapshot = new Snapshot(List.copyOf(keys), newestFirst, Map.copyOf(signers), Map.copyOf(verifiers),
				Map.copyOf(this.lifecycle.publicationEnds(keys)));
	}

	private void refreshNowAndAfterCommit() {
		refresh();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					refresh();
				}
			});
		}
	}

	/** Stores a key from elsewhere (the PEM key of an earlier version) as the current one, once. */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	void importKey(JWK privateJwk, SigningAlgorithm algorithm, Instant activatesAt) {
		this.cluster.lockForTransaction(ROTATION_JOB);
		if (!isEmpty()) {
			return; // another instance imported it first
		}
		Instant now = this.clock.instant();
		this.store.insert(new StoredKey(privateJwk.getKeyID(), algorithm, privateJwk.toPublicJWK().toJSONString(),
				this.encryption.encrypt(privateJwk.toJSONString().getBytes(StandardCharsets.UTF_8),
						privateJwk.getKeyID()),
				now, activatesAt, null));
		refreshNowAndAfterCommit();
	}

	boolean isEmpty() {
		return this.store.all().isEmpty();
	}

	private String create(KeyLifecycle.Creation creation, JWK key, Instant now) {
		this.store.insert(new StoredKey(key.getKeyID(), creation.algorithm(), key.toPublicJWK().toJSONString(),
				this.encryption.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), key.getKeyID()), now,
				creation.activatesAt(), null));
		logger.info("Created " + creation.algorithm() + " signing key " + key.getKeyID() + ", signing from "
				+ creation.activatesAt());
		this.events.publishEvent(new KeyEvent("key.created", key.getKeyID(),
				"alg=" + creation.algorithm() + " activates=" + creation.activatesAt()));
		return key.getKeyID();
	}

	private ActiveKey activate(StoredKey key) {
		JWK privateJwk = parse(new String(this.encryption.decrypt(key.encryptedPrivateJwk(), key.keyId()),
				StandardCharsets.UTF_8));
		try {
			return new ActiveKey(key.keyId(), key.algorithm(), key.algorithm().signer(privateJwk));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot use signing key " + key.keyId(), ex);
		}
	}

	private static VerifyingKey verifying(StoredKey key) {
		try {
			return new VerifyingKey(key.keyId(), key.algorithm(), key.algorithm().verifier(parse(key.publicJwk())));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot use signing key " + key.keyId(), ex);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			// no cause attached: a private JWK's parse error could quote key material
			throw new IllegalStateException("A stored signing key is not a valid JWK");
		}
	}

	/** The keys as loaded, with what the hot paths need precomputed. */
	private record Snapshot(List<StoredKey> keys, List<StoredKey> newestFirst, Map<String, ActiveKey> signers,
			Map<String, VerifyingKey> verifiers, Map<String, Instant> publicationEnds) {

		boolean isRevoked(String keyId) {
			return this.keys.stream().anyMatch((key) -> key.keyId().equals(keyId) && key.revoked());
		}
	}

}
