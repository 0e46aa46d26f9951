package dev.listbridge.reliability.crm;

import java.sql.SQLNonTransientConnectionException;

/**
 * Connection drops {@link FaultyDriver} injects into CRM traffic, armed by a test and fired once at the moment
 * they describe. The database underneath is real: a dropped connection is really closed (so an open
 * transaction is rolled back by the database), and the driver reports what a driver reports when the network
 * goes: SQLState 08006.
 */
public final class CrmFaults {
    /** What can go wrong with the CRM's connection. */
    public enum Kind {
        /** The contacts query's connection drops after this many rows reached the reader. */
        DROP_DURING_READ,
        /** The write-back transaction's connection drops while committing; the database rolls the batch back. */
        DROP_BEFORE_COMMIT,
        /** The write-back commits, then the connection drops before the answer arrives: the batch was applied. */
        DROP_AFTER_COMMIT,
        /** The next statements find the connection gone (the database restarts). */
        DROP_NEXT_STATEMENTS
    }

    private static Kind armed;
    private static int count;
    private static long fired;
    private static long appliedButDropped;

    private CrmFaults() {
    }

    /**
     * Arms one fault; {@code n} is the rows before the drop ({@link Kind#DROP_DURING_READ}) or the statements
     * that fail ({@link Kind#DROP_NEXT_STATEMENTS}), ignored otherwise. A fault armed earlier is replaced.
     */
    public static synchronized void arm(Kind kind, int n) {
        armed = kind;
        count = n;
    }

    public static synchronized void clear() {
        armed = null;
        count = 0;
    }

    /** Whether a fault is armed and has not fired yet. */
    public static synchronized boolean armed() {
        return armed != null;
    }

    /** How many faults fired since the JVM started. */
    public static synchronized long fired() {
        return fired;
    }

    /** How many write-back batches were committed although the caller saw the connection drop. */
    public static synchronized long appliedButDropped() {
        return appliedButDropped;
    }

    /** The rows a contacts query may deliver before its connection drops, or -1 for no fault. */
    static synchronized int rowsBeforeReadDrop() {
        if (armed != Kind.DROP_DURING_READ) {
            return -1;
        }
        armed = null;
        fired++;
        return count;
    }

    /** Whether this statement finds its connection gone. */
    static synchronized boolean statementDrops() {
        if (armed != Kind.DROP_NEXT_STATEMENTS) {
            return false;
        }
        if (--count <= 0) {
            armed = null;
        }
        fired++;
        return true;
    }

    /** The drop a commit of written rows meets, or null. */
    static synchronized Kind commitDrop() {
        if (armed != Kind.DROP_BEFORE_COMMIT && armed != Kind.DROP_AFTER_COMMIT) {
            return null;
        }
        Kind kind = armed;
        armed = null;
        fired++;
        if (kind == Kind.DROP_AFTER_COMMIT) {
            appliedButDropped++;
        }
        return kind;
    }

    static SQLNonTransientConnectionException dropped(String when) {
        return new SQLNonTransientConnectionException("connection to the CRM database lost " + when
                + " (injected by the reliability proof)", "08006");
    }
}
