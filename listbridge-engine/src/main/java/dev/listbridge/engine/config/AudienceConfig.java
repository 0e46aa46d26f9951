package dev.listbridge.engine.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audience: a selection of CRM contacts kept in sync with one list of one tool, a section under
 * {@code audiences:}, named by its key. The policies are those of DESIGN.md section 6.
 *
 * @param name           the section's key
 * @param tool           required: the name of a section under {@code tools:}
 * @param list           required: the list (audience) id in the tool
 * @param filter         optional: an SQL condition on the contacts query's columns; null when absent
 * @param consent        optional: the consent column for this audience; null means {@code crm.contacts.consent}
 * @param fields         tool field → CRM column, in the file's order; empty when absent
 * @param tags           CRM columns whose values become tags; empty when absent
 * @param keyField       optional: the tool field that carries the CRM key; null when absent
 * @param addressChange  {@code transfer | reconfirm | drop}; default {@code reconfirm}
 * @param newMembers     {@code subscribed | pending}; default {@code subscribed}
 * @param onLeave        {@code unsubscribe | archive | keep}; default {@code unsubscribe}
 * @param inbound        {@code report | create | ignore}; default {@code report}
 * @param sharedAddress  {@code lowestKey | highestKey}; default {@code lowestKey}
 * @param blastRadius    a percentage ({@code 5%}, the default) or a count
 * @param writeBack      statement name → SQL overriding {@code crm.writeBack} for this audience; empty when absent
 * @param pendingTimeout how long a member may stay pending before it is reported (key {@code pendingTimeout},
 *                       e.g. {@code 7d}, {@code 36h}); default 7 days
 * @param webhookSecret  optional, secret: the secret in the webhook path {@code /hooks/{tool}/{audience}/{secret}}
 * @param signingSecret  optional, secret: the tool's webhook signing secret, to verify signatures
 * @param schedule       when the daemon cycles this audience (keys {@code cycleEvery}, {@code reconcileAt})
 */
public record AudienceConfig(String name, String tool, String list, String filter, String consent,
                             Map<String, String> fields, List<String> tags, String keyField,
                             AddressChangePolicy addressChange, NewMemberPolicy newMembers, LeavePolicy onLeave,
                             InboundPolicy inbound, SharedAddressRule sharedAddress, BlastRadius blastRadius,
                             Map<String, String> writeBack, Duration pendingTimeout, String webhookSecret,
                             String signingSecret, ScheduleConfig schedule) {

    public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofDays(7);

    public AudienceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(list, "list");
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        tags = tags == null ? List.of() : List.copyOf(tags);
        addressChange = addressChange == null ? AddressChangePolicy.RECONFIRM : addressChange;
        newMembers = newMembers == null ? NewMemberPolicy.SUBSCRIBED : newMembers;
        onLeave = onLeave == null ? LeavePolicy.UNSUBSCRIBE : onLeave;
        inbound = inbound == null ? InboundPolicy.REPORT : inbound;
        sharedAddress = sharedAddress == null ? SharedAddressRule.LOWEST_KEY : sharedAddress;
        blastRadius = blastRadius == null ? BlastRadius.DEFAULT : blastRadius;
        writeBack = writeBack == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(writeBack));
        pendingTimeout = pendingTimeout == null ? DEFAULT_PENDING_TIMEOUT : pendingTimeout;
        schedule = schedule == null ? ScheduleConfig.DEFAULT : schedule;
    }

    /** An audience with every optional key absent and every policy at its default. */
    public static AudienceConfig withDefaults(String name, String tool, String list) {
        return new AudienceConfig(name, tool, list, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        return "AudienceConfig[name=" + name + ", tool=" + tool + ", list=" + list + ", filter=" + filter
                + ", consent=" + consent + ", fields=" + fields + ", tags=" + tags + ", keyField=" + keyField
                + ", addressChange=" + addressChange + ", newMembers=" + newMembers + ", onLeave=" + onLeave
                + ", inbound=" + inbound + ", sharedAddress=" + sharedAddress + ", blastRadius=" + blastRadius
                + ", writeBack=" + writeBack + ", pendingTimeout=" + pendingTimeout
                + ", webhookSecret=" + Secrets.mask(webhookSecret) + ", signingSecret=" + Secrets.mask(signingSecret) + "]";
    }
}
