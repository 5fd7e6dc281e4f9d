/** In-room chat: validation, the offset from the workshop's start, persistence and history. */
package dev.lectern.chat;
