package dev.listbridge.engine.config;

/**
 * The daemon's HTTP server, optional section {@code server}.
 *
 * @param listen     host:port to bind; default {@code 127.0.0.1:8787} (localhost only)
 * @param publicUrl  optional: the URL tools reach the daemon at, registered by {@code webhooks install};
 *                   without a trailing slash; null when absent
 * @param adminToken optional, secret: the bearer token of the admin API; null when absent
 */
public record ServerConfig(String listen, String publicUrl, String adminToken) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:8787";

    public ServerConfig {
        listen = listen == null ? DEFAULT_LISTEN : listen;
    }

    /** The server section when the file has none. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_LISTEN, null, null);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "ServerConfig[listen=" + listen + ", publicUrl=" + publicUrl + ", adminToken=" + Secrets.mask(adminToken)
                + "]";
    }
}
