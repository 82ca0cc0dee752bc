package dev.gatehouse.auth.user;

/**
 * A user withdrew their consent for a client: what the client holds on their behalf must stop working.
 *
 * @param userId the user
 * @param clientId the client
 */
public record ConsentRevoked(String userId, String clientId) {
}
