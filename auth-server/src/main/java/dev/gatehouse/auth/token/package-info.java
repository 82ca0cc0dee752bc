/**
 * Tokens: access token claims, verification, introspection, revocation and the denylist; user grants (codes
 * and consent states by hash), opaque refresh tokens with rotation, reuse detection and family revocation.
 */
package dev.gatehouse.auth.token;
