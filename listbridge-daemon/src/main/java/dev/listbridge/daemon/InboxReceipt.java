package dev.listbridge.daemon;

/**
 * One stored webhook request. The path secret is not part of it; signature headers are, so a replay can
 * verify them again.
 *
 * @param id 0 before it is stored
 */
public record InboxReceipt(long id, String tool, String audience, long receivedAt, String method, String contentType,
                           String headersJson, byte[] body, String state, int attempts, String result) {

    public static InboxReceipt received(String tool, String audience, long receivedAt, String method, String contentType,
                                        String headersJson, byte[] body) {
        return new InboxReceipt(0, tool, audience, receivedAt, method, contentType, headersJson, body, Inbox.NEW, 0, null);
    }
}
