package dev.listbridge.crm.jdbc.capture;

import java.util.List;

/**
 * The DDL of the {@code queue} capture mode for one database: the queue table, the triggers on the
 * watched table that record inserts, updates of watched columns and deletes, and on PostgreSQL the
 * trigger function that also sends NOTIFY. Installing twice leaves the same objects.
 */
public interface TriggerScript {

    TriggerDialect dialect();

    CaptureTarget target();

    /** The statements that install or replace everything, one JDBC execution each, in order. */
    List<String> installStatements();

    /** What the installation creates, in the order a removal drops it. */
    List<CaptureObject> objects();

    /** The script for a person: comments, the install statements with the delimiters the database's own client needs, and the removal as comments. */
    String text();
}
