package dev.listbridge.crm.jdbc.capture;

import java.util.Locale;

/** How Listbridge learns which CRM contacts changed, config key {@code crm.capture} (DESIGN.md section 7). */
public enum CaptureMode {
    /** Every cycle reads every contact and compares snapshot hashes; needs nothing in the CRM. */
    DIFF,
    /** Rows whose updated-at column is newer than the last seen value. */
    WATERMARK,
    /** Triggers write changed keys into a queue table that Listbridge drains. */
    QUEUE;

    /** The mode as the config spells it: {@code diff}, {@code watermark} or {@code queue}. */
    public static CaptureMode of(String spelling) {
        return valueOf(spelling.strip().toUpperCase(Locale.ROOT));
    }
}
