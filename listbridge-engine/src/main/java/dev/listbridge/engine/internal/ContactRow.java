package dev.listbridge.engine.internal;

import dev.listbridge.spi.Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One CRM contact as the audience sees it: its address, consent, the tool fields it maps to and the
 * tags derived from its columns, with a hash of all of that for the diff.
 */
record ContactRow(String key, Address address, boolean consent, Long consentAt, Map<String, String> fields,
                  TreeSet<String> tags, String hash) {

    static ContactRow of(String key, Address address, boolean consent, Long consentAt, Map<String, String> fields,
                         TreeSet<String> tags) {
        TreeMap<String, String> sorted = new TreeMap<>(fields);
        String material = address.original() + "\u0000" + consent + "\u0000" + consentAt + "\u0000" + sorted + "\u0000" + tags;
        return new ContactRow(key, address, consent, consentAt, sorted, tags, sha256(material));
    }

    /** What the snapshot keeps besides the hash: the pushed fields and tags, to find what changed next time. */
    record Data(Map<String, String> fields, TreeSet<String> tags) {
    }

    String data() {
        return Json.write(new Data(fields, tags));
    }

    private static String sha256(String material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
