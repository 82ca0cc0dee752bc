/**
 * What several Gatehouse instances sharing one database coordinate through it: a cluster-wide lock per job
 * and the record of when each scheduled job last ran, so purges and the key rotation plan run once for the
 * cluster. Everything else instances share needs no coordination: it is read from the database (the
 * denylist, refresh tokens, grants) or cached for at most a second (clients) or the key refresh interval
 * (signing keys).
 */
package dev.gatehouse.auth.cluster;
