/**
 * Agora cloud recording: started and stopped with the workshop off the request path, the signed NCS
 * webhook, and the reconciliation job that covers for notices Agora never delivers.
 */
package dev.lectern.recording;
