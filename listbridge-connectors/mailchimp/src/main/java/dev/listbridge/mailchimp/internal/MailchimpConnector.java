package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.AudienceInfo;
import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookInstallation;
import dev.listbridge.spi.WebhookRequest;
import dev.listbridge.spi.WriteOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mailchimp Marketing API v3 connector. Threading and errors as {@link ToolConnector} says:
 * every request holds one of Mailchimp's 10 connections ({@link MailchimpHttp}); nothing is retried.
 */
public final class MailchimpConnector implements ToolConnector {

    /** "Up to 500 members may be added or updated with each API call"; the same for static segments. */
    public static final int MAX_BATCH = 500;

    public static final Capabilities CAPABILITIES = new Capabilities(
            MAX_BATCH, MailchimpHttp.MAX_CONNECTIONS, true, true, true, true, true, true, false, true);

    private static final Logger LOG = LoggerFactory.getLogger(MailchimpConnector.class);

    private final MailchimpHttp http;
    private final int pageSize;
    private final EventReader events;
    private final Tagger tagger;
    private final Archiver archiver;
    private final WebhookInstaller webhooks;

    public MailchimpConnector(MailchimpConfig config, ConnectorContext context) {
        this.http = new MailchimpHttp(config, context);
        this.pageSize = config.pageSize();
        this.events = new EventReader(http, pageSize);
        this.tagger = new Tagger(http, new StaticSegments(http, MailchimpConfig.MAX_PAGE_SIZE));
        this.archiver = new Archiver(http);
        this.webhooks = new WebhookInstaller(http);
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void checkConnection() {
        http.call(ApiRequest.get("/ping", Map.of()), null);
    }

    @Override
    public AudienceInfo describeAudience(String audienceId) {
        JsonNode list = http.call(ApiRequest.get(ApiRequest.path("lists", audienceId),
                Map.of("fields", "id,name,double_optin,stats.member_count")), audienceId);
        return new AudienceInfo(list.path("id").asText(audienceId), list.path("name").asText(""),
                list.path("double_optin").asBoolean(false), list.path("stats").path("member_count").asLong(0),
                mergeTags(audienceId));
    }

    @Override
    public void prepareAudience(String audienceId, Set<String> fields) {
        Set<String> existing = upperCase(mergeTags(audienceId));
        for (String field : new TreeSet<>(fields)) {
            if (existing.contains(field.toUpperCase(Locale.ROOT))) {
                continue;
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("tag", field);
            body.put("name", field);
            body.put("type", "text");
            ApiRequest request = ApiRequest.post(ApiRequest.path("lists", audienceId, "merge-fields"), body);
            ApiResponse response = http.send(request);
            if (response.successful()) {
                LOG.info("Mailchimp audience {}: created merge field {}", audienceId, field);
            } else if (!upperCase(mergeTags(audienceId)).contains(field.toUpperCase(Locale.ROOT))) {
                throw http.failure(request, response, audienceId);
            }
        }
    }

    @Override
    public List<WriteOutcome> upsert(String audienceId, List<MemberWrite> writes) {
        // the last write for an address wins; every write gets the outcome of its address
        Map<String, MemberWrite> lastWrite = new LinkedHashMap<>();
        writes.forEach(write -> lastWrite.put(BatchOutcomes.matchKey(write.address().ascii()), write));
        List<MemberWrite> unique = List.copyOf(lastWrite.values());
        Map<String, WriteOutcome> byKey = new LinkedHashMap<>();
        for (int from = 0; from < unique.size(); from += MAX_BATCH) {
            byKey.putAll(upsertBatch(audienceId, unique.subList(from, Math.min(unique.size(), from + MAX_BATCH))));
        }
        return writes.stream()
                .map(write -> withAddress(byKey.get(BatchOutcomes.matchKey(write.address().ascii())), write.address()))
                .toList();
    }

    @Override
    public String rename(String audienceId, Address from, Address to) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("email_address", to.ascii());
        ApiRequest request = ApiRequest.patch(ApiRequest.path("lists", audienceId, "members", SubscriberHash.of(from)), body);
        ApiResponse response = http.send(request);
        if (response.successful()) {
            return http.json(request, response).path("id").asText(SubscriberHash.of(to));
        }
        String text = http.toolText(response);
        if (response.status() == 404) {
            // a replayed rename whose first answer was lost finds the old address gone and the new one there
            return existingMemberId(audienceId, to).orElseThrow(() -> new RecordRejectedException(RejectReason.NOT_FOUND, text));
        }
        throw new RecordRejectedException(
                response.status() == 400 ? RejectReasons.ofRename(text, from.ascii(), to.ascii()) : RejectReason.OTHER, text);
    }

    @Override
    public List<WriteOutcome> archive(String audienceId, List<Address> addresses) {
        return archiver.archive(audienceId, addresses);
    }

    @Override
    public List<WriteOutcome> tag(String audienceId, String tag, List<Address> add, List<Address> remove) {
        return tagger.tag(audienceId, tag, add, remove);
    }

    @Override
    public MemberPage readMembers(String audienceId, String pageToken) {
        int offset = offset(pageToken);
        Map<String, String> query = Map.of(
                "count", Integer.toString(pageSize),
                "offset", Integer.toString(offset),
                "fields", MemberJson.MEMBER_FIELDS);
        JsonNode page = http.call(ApiRequest.get(ApiRequest.path("lists", audienceId, "members"), query), audienceId).path("members");
        List<RemoteMember> members = new ArrayList<>();
        for (JsonNode member : page) {
            if (!member.path("status").asText("").equals("archived")) {
                MemberJson.member(member).ifPresent(members::add);
            }
        }
        return new MemberPage(members, page.size() < pageSize ? null : Integer.toString(offset + page.size()));
    }

    /**
     * {@code GET /lists/{list_id}/members/{subscriber_hash}} with {@code fields} [spec]; a 404 is no member there.
     * Archived members are returned (status ARCHIVED): they still hold the address.
     */
    @Override
    public Optional<RemoteMember> readMember(String audienceId, Address address) {
        ApiRequest request = ApiRequest.get(ApiRequest.path("lists", audienceId, "members", SubscriberHash.of(address)),
                Map.of("fields", MemberJson.SINGLE_MEMBER_FIELDS));
        ApiResponse response = http.send(request);
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (!response.successful()) {
            throw http.failure(request, response, null);
        }
        return MemberJson.member(http.json(request, response));
    }

    @Override
    public EventPage readEvents(String audienceId, Instant since, String pageToken) {
        return events.read(audienceId, since, pageToken);
    }

    /** See {@link WebhookParser} for the checks and the event mapping. */
    @Override
    public List<ToolEvent> parseWebhook(String audienceId, WebhookRequest request, String signingSecret) {
        return WebhookParser.parse(audienceId, request, signingSecret);
    }

    @Override
    public WebhookInstallation installWebhook(String audienceId, String url) {
        return webhooks.install(audienceId, url);
    }

    @Override
    public void close() {
        http.close();
    }

    private Map<String, WriteOutcome> upsertBatch(String audienceId, List<MemberWrite> batch) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode members = body.putArray("members");
        for (MemberWrite write : batch) {
            ObjectNode member = members.addObject();
            member.put("email_address", write.address().ascii());
            member.put("status", MemberJson.wireStatus(write.status()));
            if (!write.fields().isEmpty()) {
                ObjectNode mergeFields = member.putObject("merge_fields");
                new TreeMap<>(write.fields()).forEach(mergeFields::put);
            }
        }
        body.put("update_existing", true);
        JsonNode answer = http.call(ApiRequest.post(ApiRequest.path("lists", audienceId), body), audienceId);
        return BatchOutcomes.of(answer, batch.stream().map(MemberWrite::address).toList());
    }

    private Optional<String> existingMemberId(String audienceId, Address address) {
        ApiRequest request = ApiRequest.get(ApiRequest.path("lists", audienceId, "members", SubscriberHash.of(address)),
                Map.of("fields", "id,status"));
        ApiResponse response = http.send(request);
        if (!response.successful()) {
            return Optional.empty();
        }
        JsonNode member = http.json(request, response);
        return member.path("status").asText("").equals("archived")
                ? Optional.empty()
                : Optional.of(member.path("id").asText(SubscriberHash.of(address)));
    }

    private Set<String> mergeTags(String audienceId) {
        Map<String, String> query = Map.of(
                "count", Integer.toString(MailchimpConfig.MAX_PAGE_SIZE),
                "fields", "merge_fields.tag,total_items");
        JsonNode fields = http.call(ApiRequest.get(ApiRequest.path("lists", audienceId, "merge-fields"), query), audienceId);
        Set<String> tags = new LinkedHashSet<>();
        fields.path("merge_fields").forEach(field -> tags.add(field.path("tag").asText()));
        return tags;
    }

    private static Set<String> upperCase(Set<String> tags) {
        Set<String> upper = new LinkedHashSet<>();
        tags.forEach(tag -> upper.add(tag.toUpperCase(Locale.ROOT)));
        return upper;
    }

    private static WriteOutcome withAddress(WriteOutcome outcome, Address address) {
        return switch (outcome) {
            case WriteOutcome.Applied applied -> new WriteOutcome.Applied(address, applied.memberId(), applied.created(),
                    applied.lastChanged());
            case WriteOutcome.Rejected rejected -> new WriteOutcome.Rejected(address, rejected.reason(), rejected.toolMessage());
        };
    }

    private static int offset(String pageToken) {
        if (pageToken == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(pageToken);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a Mailchimp member page token: '" + pageToken + "'");
    }
}
