package dev.listbridge.tck;

import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a paged read returned, and over how many pages.
 *
 * @param items every item of every page, in order
 * @param pages how many pages the connector returned
 */
record Pages<T>(List<T> items, int pages) {

    /** A connector that hands out more pages than this is assumed to loop. */
    private static final int MAX_PAGES = 10_000;

    static Pages<RemoteMember> members(ToolConnector connector, String audienceId) {
        List<RemoteMember> items = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            MemberPage page = connector.readMembers(audienceId, token);
            items.addAll(page.members());
            token = nextToken(page.nextPageToken(), tokens, ++pages);
        } while (token != null);
        return new Pages<>(List.copyOf(items), pages);
    }

    static Pages<ToolEvent> events(ToolConnector connector, String audienceId, Instant since) {
        List<ToolEvent> items = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            EventPage page = connector.readEvents(audienceId, since, token);
            items.addAll(page.events());
            token = nextToken(page.nextPageToken(), tokens, ++pages);
        } while (token != null);
        return new Pages<>(List.copyOf(items), pages);
    }

    private static String nextToken(String token, Set<String> seen, int pages) {
        if (token == null) {
            return null;
        }
        if (!seen.add(token)) {
            throw new AssertionError("page token " + token + " came back a second time: the connector pages in a loop");
        }
        if (pages >= MAX_PAGES) {
            throw new AssertionError("more than " + MAX_PAGES + " pages: the connector does not end its paging");
        }
        return token;
    }
}
