/** The video library: videos made from finished recordings, and chat replay beside them. */
package dev.lectern.library;
