/**
 * The audit trail: listens to the facts other features publish, adds who asked and from where (request id,
 * origin IP, user agent, path), stores them in {@code audit_event} and writes one log line each.
 */
package dev.gatehouse.auth.audit;
