package dev.listbridge.sandbox.internal.http;

import dev.listbridge.sandbox.RecordedRequest;
import java.util.ArrayList;
import java.util.List;

/** Every API request with its answer, in the order the answers were finished. */
public final class RequestLog {
    private final List<RecordedRequest> requests = new ArrayList<>();

    public synchronized void add(RecordedRequest request) {
        requests.add(request);
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
    }
}
