/**
 * Access tokens: their claims, verification, introspection, revocation and the revocation denylist.
 */
package dev.gatehouse.auth.token;
