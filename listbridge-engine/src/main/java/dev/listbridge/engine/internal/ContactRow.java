package dev.listbridge.engine.internal;

import dev.listbridge.spi.Address;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One CRM contact as the audience sees it: its address, consent, the tool fields it maps to and the
 * tags derived from its columns, with the row sum of the raw values they came from (see {@link RowSums}).
 */
record ContactRow(String key, Address address, boolean consent, Long consentAt, Map<String, String> fields,
                  TreeSet<String> tags, long rowSum) {

    static ContactRow of(String key, Address address, boolean consent, Long consentAt, Map<String, String> fields,
                         TreeSet<String> tags, long rowSum) {
        return new ContactRow(key, address, consent, consentAt, new TreeMap<>(fields), tags, rowSum);
    }

    /** What the snapshot keeps besides the sum: the pushed fields and tags, to find what changed next time. */
    record Data(Map<String, String> fields, TreeSet<String> tags) {
    }

    String data() {
        return Json.write(new Data(fields, tags));
    }
}
