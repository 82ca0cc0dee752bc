/**
 * What operators watch: health (database, signing keys, liveness and readiness), metrics and the management
 * endpoints on their own port. Listens to the features' events; no feature depends on it.
 */
package dev.gatehouse.auth.operations;
