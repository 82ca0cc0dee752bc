/**
 * Users and roles: the user store, password hashing (Argon2id), the first admin, and the user commands.
 */
package dev.gatehouse.auth.user;
