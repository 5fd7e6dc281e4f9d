/**
 * Outbound webhooks per the Standard Webhooks specification (CONTRACT §7.6): a transactional outbox
 * ({@code webhook_deliveries}, V41) written by {@link dev.lectern.webhook.WebhookEvents} inside the
 * transaction of each change, and {@link dev.lectern.webhook.WebhookSender}, which claims due rows
 * after commit and POSTs them, signed, with retries and backoff for 24 hours. docs/webhooks.md.
 */
package dev.lectern.webhook;
