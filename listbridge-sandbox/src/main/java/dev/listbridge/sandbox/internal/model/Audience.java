package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One Mailchimp audience ("list"): its settings, fields, members, tags, complaints and webhooks. */
public final class Audience {
    private final String id;
    private final String name;
    private final boolean doubleOptin;
    private final Instant dateCreated;
    private final long webId;
    private final List<MergeField> mergeFields = new ArrayList<>();
    private final Map<String, Member> membersByHash = new LinkedHashMap<>();
    private final ChangeIndex changes = new ChangeIndex();
    private final List<Segment> segments = new ArrayList<>();
    private final List<AbuseReport> abuseReports = new ArrayList<>();
    private final List<Webhook> webhooks = new ArrayList<>();

    Audience(String id, String name, boolean doubleOptin, Instant dateCreated, long webId) {
        this.id = id;
        this.name = name;
        this.doubleOptin = doubleOptin;
        this.dateCreated = dateCreated;
        this.webId = webId;
        // Every new Mailchimp audience has these two [spec examples; doc].
        mergeFields.add(new MergeField(1, "FNAME", "First Name", "text", false, "", true, 1, ""));
        mergeFields.add(new MergeField(2, "LNAME", "Last Name", "text", false, "", true, 2, ""));
    }

    public String id() { return id; }
    public String name() { return name; }
    public boolean doubleOptin() { return doubleOptin; }
    public Instant dateCreated() { return dateCreated; }
    public long webId() { return webId; }
    public List<MergeField> mergeFields() { return List.copyOf(mergeFields); }
    public Collection<Member> members() { return List.copyOf(membersByHash.values()); }
    /** How many members the audience holds, archived ones included, without copying them. */
    public int memberCount() { return membersByHash.size(); }
    /** The members by change time, for listings sorted by {@code last_changed}; read under the state lock. */
    public ChangeIndex changes() { return changes; }
    public List<Segment> segments() { return List.copyOf(segments); }
    public List<AbuseReport> abuseReports() { return List.copyOf(abuseReports); }
    /** One page of the abuse reports, oldest first, without copying the others; read under the state lock. */
    public List<AbuseReport> abuseReports(int offset, int count) {
        int from = Math.min(offset, abuseReports.size());
        return List.copyOf(abuseReports.subList(from, (int) Math.min((long) from + count, abuseReports.size())));
    }
    public int abuseReportCount() { return abuseReports.size(); }
    public List<Webhook> webhooks() { return List.copyOf(webhooks); }

    /**
     * The member a path key names: Mailchimp accepts the subscriber hash, the address itself
     * or the contact id [code: SDK docstrings].
     */
    public Optional<Member> findMember(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Member byHash = membersByHash.get(key.toLowerCase(Locale.ROOT));
        if (byHash != null) {
            return Optional.of(byHash);
        }
        if (key.contains("@")) {
            return Optional.ofNullable(membersByHash.get(EmailAddresses.subscriberHash(key)));
        }
        return membersByHash.values().stream().filter(member -> member.contactId().equals(key)).findFirst();
    }

    public Optional<Webhook> webhook(String webhookId) {
        return webhooks.stream().filter(hook -> hook.id().equals(webhookId)).findFirst();
    }

    public Optional<MergeField> mergeField(String tag) {
        return mergeFields.stream().filter(field -> field.tag().equalsIgnoreCase(tag)).findFirst();
    }

    public Optional<Segment> segment(long segmentId) {
        return segments.stream().filter(segment -> segment.id() == segmentId).findFirst();
    }

    public Optional<Segment> segmentNamed(String segmentName) {
        return segments.stream().filter(segment -> segment.name().equals(segmentName)).findFirst();
    }

    public List<Segment> tagsOf(Member member) {
        return segments.stream().filter(segment -> segment.contains(member)).toList();
    }

    Member addMember(RandomIds ids, String address, String source) {
        Member member = new Member(ids.hex(32), ids.hex(10), ids.nextWebId(), ids.next(), source, address, changes);
        membersByHash.put(member.id(), member);
        changes.add(member);
        return member;
    }

    void changeAddress(Member member, String newAddress) {
        membersByHash.remove(member.id());
        member.changeAddress(newAddress);
        membersByHash.put(member.id(), member);
    }

    void addMergeField(MergeField field) { mergeFields.add(field); }
    void addSegment(Segment segment) { segments.add(segment); }
    void addAbuseReport(AbuseReport report) { abuseReports.add(report); }
    void addWebhook(Webhook webhook) { webhooks.add(webhook); }
    void replaceWebhook(Webhook webhook) { webhooks.replaceAll(hook -> hook.id().equals(webhook.id()) ? webhook : hook); }
    boolean removeWebhook(String webhookId) { return webhooks.removeIf(hook -> hook.id().equals(webhookId)); }
}
