package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One address in one audience. Mutable, and only ever touched while holding the
 * {@link MailchimpState} lock. Its identity across address changes is {@link #contactId()}:
 * {@code id} is the subscriber hash and changes with the address, as in Mailchimp.
 */
public final class Member {
    private final String contactId;
    private final String uniqueEmailId;
    private final long webId;
    /** Creation order: the order of an unsorted member listing. */
    private final long sequence;
    private final String source;
    private String id;
    private String emailAddress;
    private MemberStatus status;
    /** What the member was before it was archived: an archived unsubscribe is still an unsubscribe. */
    private MemberStatus statusBeforeArchive;
    /** Someone reported a campaign as spam: only a signup form (with its proof of opt-in) brings them back. */
    private boolean complained;
    private final Map<String, String> mergeFields = new LinkedHashMap<>();
    private final Map<String, Boolean> interests = new LinkedHashMap<>();
    private Instant lastChanged;
    private Instant timestampSignup;
    private Instant timestampOpt;
    private String ipSignup = "";
    private String ipOpt = "";
    private String unsubscribeReason;
    private String emailType = "html";
    private String language = "";
    private boolean vip;
    /** The audience's index by change time: told before and after every change of status or last_changed. */
    private final ChangeIndex changes;

    Member(String contactId, String uniqueEmailId, long webId, long sequence, String source, String emailAddress,
           ChangeIndex changes) {
        this.changes = changes;
        this.contactId = contactId;
        this.uniqueEmailId = uniqueEmailId;
        this.webId = webId;
        this.sequence = sequence;
        this.source = source;
        this.emailAddress = emailAddress;
        this.id = EmailAddresses.subscriberHash(emailAddress);
    }

    public String id() { return id; }
    public String contactId() { return contactId; }
    public String uniqueEmailId() { return uniqueEmailId; }
    public long webId() { return webId; }
    public long sequence() { return sequence; }
    public String source() { return source; }
    public String emailAddress() { return emailAddress; }
    public MemberStatus status() { return status; }
    public boolean complained() { return complained; }
    public Map<String, String> mergeFields() { return mergeFields; }
    public Map<String, Boolean> interests() { return interests; }
    public Instant lastChanged() { return lastChanged; }
    public Instant timestampSignup() { return timestampSignup; }
    public Instant timestampOpt() { return timestampOpt; }
    public String ipSignup() { return ipSignup; }
    public String ipOpt() { return ipOpt; }
    public String unsubscribeReason() { return unsubscribeReason; }
    public String emailType() { return emailType; }
    public String language() { return language; }
    public boolean vip() { return vip; }

    /** The status that compliance rules look at: an archived member keeps its earlier one. */
    public MemberStatus complianceStatus() {
        return status == MemberStatus.ARCHIVED ? statusBeforeArchive : status;
    }

    void changeAddress(String newAddress) {
        this.emailAddress = newAddress;
        this.id = EmailAddresses.subscriberHash(newAddress);
    }

    void status(MemberStatus newStatus) {
        if (newStatus == MemberStatus.ARCHIVED && status != MemberStatus.ARCHIVED) {
            statusBeforeArchive = status;
        }
        changes.remove(this);
        this.status = newStatus;
        changes.add(this);
    }

    void complained(boolean value) { this.complained = value; }
    void lastChanged(Instant value) {
        changes.remove(this);
        this.lastChanged = value;
        changes.add(this);
    }
    void timestampSignup(Instant value) { this.timestampSignup = value; }
    void timestampOpt(Instant value) { this.timestampOpt = value; }
    void ipSignup(String value) { this.ipSignup = value; }
    void ipOpt(String value) { this.ipOpt = value; }
    void unsubscribeReason(String value) { this.unsubscribeReason = value; }
    void emailType(String value) { this.emailType = value; }
    void language(String value) { this.language = value; }
    void vip(boolean value) { this.vip = value; }
}
