package dev.listbridge.crm.jdbc.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A database object the queue capture installs.
 *
 * @param kind            {@code table}, {@code function} or {@code trigger}
 * @param name            as the script names it
 * @param existsSql       a query whose single value is above 0 when the object exists
 * @param existsArguments the query's parameters, in order (may hold nulls)
 * @param dropSql         the statement that removes it; a no-op when it is missing
 */
public record CaptureObject(String kind, String name, String existsSql, List<String> existsArguments, String dropSql) {

    public CaptureObject {
        existsArguments = Collections.unmodifiableList(new ArrayList<>(existsArguments));
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
