/**
 * The client registry: clients, their secrets (generate, hash, verify) and client authentication.
 */
package dev.gatehouse.auth.client;
