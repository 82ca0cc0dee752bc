/**
 * {@code /api/v1/me}: who the caller is, as the boundary established it.
 */
package dev.gatehouse.demo.me;
