package dev.listbridge.spi;

import java.util.List;

/**
 * One page of events. {@code nextPageToken} is null on the last page. Events within and across pages
 * are ordered by {@link ToolEvent#occurredAt()} where the tool allows it.
 */
public record EventPage(List<ToolEvent> events, String nextPageToken) {
    public EventPage {
        events = List.copyOf(events);
    }

    public boolean last() {
        return nextPageToken == null;
    }
}
