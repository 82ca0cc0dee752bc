/**
 * Signing keys: load or generate, keep on disk as PEM, publish as JWKS.
 */
package dev.gatehouse.auth.keys;
