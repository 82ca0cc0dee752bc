/**
 * The client registry: clients, their secrets (generate, hash, verify), redirect URIs, and client
 * authentication (secrets for confidential clients, the client id for public ones).
 */
package dev.gatehouse.auth.client;
