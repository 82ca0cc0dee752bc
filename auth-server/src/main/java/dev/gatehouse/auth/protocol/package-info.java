/**
 * The OAuth 2 protocol wiring: Spring Authorization Server endpoints, metadata, error responses and the
 * protocol filter chain.
 */
package dev.gatehouse.auth.protocol;
