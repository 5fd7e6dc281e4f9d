/** Cross-cutting plumbing: error codes and their HTTP mapping, clocks, executors, start-up checks. */
package dev.lectern.system;
