package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.ToolEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls events by polling: abuse reports, member states changed after a time (each an observation with a
 * stable id, see {@link MemberJson#event}), and archived members, in that order ({@link EventCursor.Phase}).
 * One call is one request; the page token ({@link EventCursor}) says which comes next.
 */
final class EventReader {

    /** The report fields read, asked for with {@code fields=} to keep pages small. */
    static final String REPORT_FIELDS = "abuse_reports.id,abuse_reports.email_address,abuse_reports.email_id,"
            + "abuse_reports.date,abuse_reports.campaign_id,total_items";

    private final MailchimpHttp http;
    private final int pageSize;

    EventReader(MailchimpHttp http, int pageSize) {
        this.http = http;
        this.pageSize = pageSize;
    }

    /** One page; {@code since} counts for the first page only, later pages carry it in their token. */
    EventPage read(String listId, Instant since, String pageToken) {
        EventCursor cursor = pageToken == null ? EventCursor.first(since) : EventCursor.decode(pageToken);
        return switch (cursor.phase()) {
            case MEMBERS -> members(listId, cursor, null);
            case ARCHIVED -> members(listId, cursor, "archived");
            case ABUSE -> abuseReports(listId, cursor);
        };
    }

    private EventPage members(String listId, EventCursor cursor, String status) {
        Map<String, String> query = new HashMap<>();
        query.put("count", Integer.toString(pageSize));
        query.put("sort_field", "last_changed");
        query.put("sort_dir", "ASC");
        query.put("fields", MemberJson.MEMBER_FIELDS);
        if (status != null) {
            query.put("status", status);
        }
        if (cursor.second() != null) {
            query.put("since_last_changed", MailchimpTime.format(cursor.second() - 1));
            query.put("before_last_changed", MailchimpTime.format(cursor.second() + 1));
            query.put("offset", Integer.toString(cursor.offset()));
        } else if (cursor.since() != null) {
            query.put("since_last_changed", MailchimpTime.format(cursor.since()));
        }
        ApiRequest request = ApiRequest.get(ApiRequest.path("lists", listId, "members"), query);
        JsonNode answer = http.call(request, listId);
        JsonNode members = answer.path("members");

        List<ToolEvent> events = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (JsonNode member : members) {
            Instant changed = MailchimpTime.parse(member.path("last_changed").asText(null));
            if (changed != null) {
                first = Math.min(first, changed.getEpochSecond());
                last = Math.max(last, changed.getEpochSecond());
            }
            MemberJson.event(member, changed).ifPresent(events::add);
        }
        int total = answer.path("total_items").asInt(-1);
        return new EventPage(events, encode(next(cursor, members.size(), total, first, last)));
    }

    private EventCursor next(EventCursor cursor, int size, int total, long first, long last) {
        if (cursor.second() != null && cursor.total() >= 0 && total >= 0 && total < cursor.total()) {
            // members left this second while it was being read: what followed them moved forward
            return cursor.within(cursor.second(), 0, total);
        }
        if (size < pageSize) {
            return cursor.second() != null ? cursor.after(cursor.second()) : cursor.nextPhase();
        }
        if (cursor.second() != null) {
            return cursor.within(cursor.second(), cursor.offset() + size, total);
        }
        if (last == Long.MIN_VALUE) {
            throw new PermanentException("Mailchimp returned a full page of members without last_changed; cannot page on it", 200);
        }
        return first == last ? cursor.within(last, 0, -1) : cursor.after(last - 1);
    }

    private EventPage abuseReports(String listId, EventCursor cursor) {
        Map<String, String> query = Map.of(
                "count", Integer.toString(pageSize),
                "offset", Integer.toString(cursor.offset()),
                "fields", REPORT_FIELDS);
        ApiRequest request = ApiRequest.get(ApiRequest.path("lists", listId, "abuse-reports"), query);
        JsonNode reports = http.call(request, listId).path("abuse_reports");

        List<ToolEvent> events = new ArrayList<>();
        for (JsonNode report : reports) {
            Instant date = MailchimpTime.parse(report.path("date").asText(null));
            if (date == null || cursor.origin() != null && date.getEpochSecond() <= cursor.origin()) {
                continue;
            }
            MemberJson.address(report).ifPresent(address -> events.add(new ToolEvent.Complained(
                    "abuse:" + report.path("id").asText(),
                    report.path("email_id").asText(SubscriberHash.of(address)),
                    address, date, emptyToNull(report.path("campaign_id").asText("")))));
        }
        events.sort(Comparator.comparing(ToolEvent::occurredAt));
        EventCursor next = reports.size() < pageSize ? cursor.nextPhase() : cursor.at(cursor.offset() + reports.size());
        return new EventPage(events, encode(next));
    }

    private static String encode(EventCursor cursor) {
        return cursor == null ? null : cursor.encode();
    }

    private static String emptyToNull(String text) {
        return text.isBlank() ? null : text;
    }
}
