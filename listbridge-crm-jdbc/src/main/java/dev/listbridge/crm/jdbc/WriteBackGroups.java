package dev.listbridge.crm.jdbc;

import dev.listbridge.spi.WriteBack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Splits a batch of write-backs into groups of the same SQL, each run as one JDBC batch, without changing
 * what the batch does. Pulled events alternate between statements (an unsubscribe, a bounce, a complaint,
 * ...), so running only consecutive items of the same SQL together made most "batches" one statement, one
 * round trip each.
 *
 * <p>Items may be reordered only where their order cannot matter: the batch is cut into rounds in which no
 * contact key and no address (its {@code email} or {@code newEmail}, ignoring case) occurs twice, and only
 * within a round are items grouped by SQL (in the order each SQL first appears). Two writes to the same
 * contact, or to contacts sharing an address (a statement may select rows by {@code :email}), keep their
 * order.
 */
final class WriteBackGroups {
    private WriteBackGroups() {
    }

    /** The groups in the order to run them: positions into {@code batch}, all of one SQL per group. */
    static List<List<Integer>> of(List<WriteBack> batch) {
        List<List<Integer>> groups = new ArrayList<>();
        Map<String, List<Integer>> round = new LinkedHashMap<>();
        Set<String> touched = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            WriteBack item = batch.get(i);
            List<String> marks = marks(item);
            if (marks.stream().anyMatch(touched::contains)) {
                groups.addAll(round.values());
                round.clear();
                touched.clear();
            }
            touched.addAll(marks);
            round.computeIfAbsent(item.sql(), sql -> new ArrayList<>()).add(i);
        }
        groups.addAll(round.values());
        return groups;
    }

    private static List<String> marks(WriteBack item) {
        List<String> marks = new ArrayList<>(3);
        marks.add("key:" + item.key());
        if (item.email() != null) {
            marks.add("address:" + item.email().toLowerCase(Locale.ROOT));
        }
        if (item.newEmail() != null) {
            marks.add("address:" + item.newEmail().toLowerCase(Locale.ROOT));
        }
        return marks;
    }
}
