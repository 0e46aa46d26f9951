package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.ContactSelection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a contacts query to the end and prints how many contacts it saw; run in a JVM with a small
 * heap by {@link CrmSourceContract} to show that reading streams.
 * Arguments: url user password query fetchSize.
 */
public final class StreamingReader {

    private StreamingReader() {
    }

    public static void main(String[] args) {
        CrmSettings settings = new CrmSettings(args[0], args[1], args[2], null, args[3], "id", "email", "newsletter", null,
                Integer.parseInt(args[4]));
        AtomicLong count = new AtomicLong();
        try (JdbcCrmSource source = new JdbcCrmSource(settings)) {
            source.readContacts(ContactSelection.all(), contact -> count.incrementAndGet());
        }
        System.out.println("contacts=" + count.get() + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
