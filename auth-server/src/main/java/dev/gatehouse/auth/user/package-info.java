/**
 * Users and roles: the user store, password hashing (Argon2id), sign-in, consent to clients (remembered,
 * withdrawable), the first admin, and the user commands.
 */
package dev.gatehouse.auth.user;
