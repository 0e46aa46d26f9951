package dev.listbridge.sandbox.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The faults waiting to be injected, in the order they were added. A request takes the first rule
 * that matches its method and path and still has uses left.
 */
public final class FaultBook {
    /** One rule; {@code method} null matches any method; the regex must match the whole path. */
    public record Rule(String method, Pattern path, Fault fault, int remaining) {
        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod))
                    && (path.matcher(requestPath).matches() || path.matcher("/3.0" + requestPath).matches());
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, String> batchMemberErrors = new ConcurrentHashMap<>();

    public synchronized void add(String method, String pathRegex, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault applies at least once: " + times);
        }
        String normalizedMethod = method == null || method.equals("*") ? null : method.toUpperCase(Locale.ROOT);
        rules.add(new Rule(normalizedMethod, Pattern.compile(pathRegex), fault, times));
    }

    /** The fault for this request, if any; using it counts it down. {@code path} is without /3.0. */
    public synchronized Optional<Fault> take(String method, String path) {
        for (int index = 0; index < rules.size(); index++) {
            Rule rule = rules.get(index);
            if (rule.matches(method, path)) {
                if (rule.remaining() == 1) {
                    rules.remove(index);
                } else {
                    rules.set(index, new Rule(rule.method(), rule.path(), rule.fault(), rule.remaining() - 1));
                }
                return Optional.of(rule.fault());
            }
        }
        return Optional.empty();
    }

    public synchronized List<Rule> pending() {
        return List.copyOf(rules);
    }

    public void failBatchMember(String address, String error) {
        batchMemberErrors.put(address.toLowerCase(Locale.ROOT), error);
    }

    /** The error batch subscribe must report for this address, if a test asked for one. */
    public Optional<String> batchMemberError(String address) {
        return address == null ? Optional.empty() : Optional.ofNullable(batchMemberErrors.get(address.toLowerCase(Locale.ROOT)));
    }

    public synchronized void clear() {
        rules.clear();
        batchMemberErrors.clear();
    }
}
