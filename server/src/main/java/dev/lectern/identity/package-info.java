/** Who is calling: JWT verification (HS256 secret or JWKS), users from claims, dev login. */
package dev.lectern.identity;
