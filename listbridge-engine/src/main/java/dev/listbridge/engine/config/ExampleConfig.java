package dev.listbridge.engine.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The commented example config that {@code listbridge init} writes: every key of the format with what
 * it means and its default. It references {@code ${CRM_PASSWORD}} and {@code ${MAILCHIMP_API_KEY}}.
 */
public final class ExampleConfig {
    private static final String RESOURCE = "example-config.yml";

    private ExampleConfig() {
    }

    public static String text() {
        try (InputStream in = ExampleConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
