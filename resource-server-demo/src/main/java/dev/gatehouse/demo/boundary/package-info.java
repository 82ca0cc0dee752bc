/**
 * The API's security boundary: bearer token validation (local JWT or introspection), the access rules
 * per route, and RFC 6750 error responses. Controllers never see a token.
 */
package dev.gatehouse.demo.boundary;
