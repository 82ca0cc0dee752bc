/**
 * Reports: the demo resource, readable with {@code read:reports}, writable with {@code write:reports},
 * deletable by admins.
 */
package dev.gatehouse.demo.reports;
