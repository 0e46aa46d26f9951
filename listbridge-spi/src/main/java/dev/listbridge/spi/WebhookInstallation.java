package dev.listbridge.spi;

/**
 * A webhook registered in the tool.
 *
 * @param webhookId     the tool's id of the registration
 * @param url           the URL registered
 * @param signingSecret the secret the tool signs requests with, when it returns one (shown once, never stored
 *                      by Listbridge), else null
 * @param created       false when an identical registration already existed and was kept
 * @since 1.1
 */
public record WebhookInstallation(String webhookId, String url, String signingSecret, boolean created) {
}
