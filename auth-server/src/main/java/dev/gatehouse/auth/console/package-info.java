/**
 * The admin console under {@code /console}: server-rendered pages over the client registry, users, signing
 * keys, tokens and the audit trail. Controllers are thin and hand templates view-model records only.
 */
package dev.gatehouse.auth.console;
