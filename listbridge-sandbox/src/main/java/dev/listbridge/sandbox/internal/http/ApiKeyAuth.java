package dev.listbridge.sandbox.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailchimp's API-key auth: HTTP Basic with any user name and the key as password
 * ({@code anystring:KEY}) or {@code Authorization: Bearer KEY} [doc; spec].
 */
public final class ApiKeyAuth {
    private final String apiKey;

    public ApiKeyAuth(String apiKey) {
        this.apiKey = apiKey;
    }

    /** The key the request authenticated with, or the 401 Mailchimp answers. */
    public String authenticate(String authorization) {
        String presented = presentedKey(authorization);
        if (presented == null || presented.isEmpty()) {
            throw ApiProblem.apiKeyMissing();
        }
        if (!presented.equals(apiKey)) {
            throw ApiProblem.apiKeyInvalid();
        }
        return presented;
    }

    private static String presentedKey(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        }
        return null;
    }
}
