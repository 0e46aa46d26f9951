package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a list, as a list webhook reports it: {@code type} is one of
 * subscribe, unsubscribe, profile, cleaned, upemail; {@code source} one of user, admin, api;
 * {@code data} holds the {@code data[...]} form fields, e.g. {@code merges[FNAME]}.
 */
public record ListEvent(String listId, String type, String source, Instant firedAt, Map<String, String> data) {
}
