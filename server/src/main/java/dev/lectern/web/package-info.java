/**
 * The browser client's side of the server: the room page built from {@code web/} (served from the
 * jar's {@code static/}, with client-side routes falling back to {@code index.html}) and the small
 * public configuration the page needs to find the Socket.IO port.
 */
package dev.lectern.web;
