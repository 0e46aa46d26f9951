package dev.listbridge.engine.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code audiences} section. */
final class AudienceBinder {
    static final List<String> KEYS = List.of("tool", "list", "filter", "consent", "fields", "tags", "keyField",
            "addressChange", "newMembers", "onLeave", "inbound", "sharedAddress", "blastRadius", "writeBack",
            "pendingTimeout", "webhookSecret", "signingSecret", "cycleEvery", "reconcileAt");
    /** The webhook secret travels in a URL path. */
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

    private final Problems problems;
    private final CrmConfig crm;

    /** @param crm the CRM section, or null when it has errors (checks that need it are skipped) */
    AudienceBinder(Problems problems, CrmConfig crm) {
        this.problems = problems;
        this.crm = crm;
    }

    /**
     * @param toolNames the tools defined, or null when the tools section is missing (then tool names are not checked)
     * @return the audiences in the file's order, or null when the section is missing
     */
    Map<String, AudienceConfig> audiences(Section audiences, Set<String> toolNames) {
        if (audiences == null) {
            return null;
        }
        if (audiences.keys().isEmpty()) {
            audiences.report("expected at least one audience, e.g. newsletter: { tool: mailchimp, list: a1b2c3d4e5 }");
        }
        Map<String, AudienceConfig> result = new LinkedHashMap<>();
        Map<String, String> listOwners = new LinkedHashMap<>();
        for (String name : audiences.keys()) {
            if (!ConfigBinder.NAME.matcher(name).matches()) {
                problems.add(audiences.entry(name).key(), audiences.child(name),
                        "an audience name may hold only letters, digits, '-' and '_' (it appears in webhook URLs)");
            }
            Section section = audiences.section(name);
            if (section == null) {
                if (!audiences.has(name)) {
                    audiences.missing(name, "a mapping with at least tool and list");
                }
                continue;
            }
            AudienceConfig audience = audience(name, section, toolNames);
            if (audience != null) {
                String owner = listOwners.putIfAbsent(audience.tool() + "\u0000" + audience.list(), name);
                if (owner != null) {
                    section.invalid("list", "the same list of tool " + audience.tool() + " as audiences." + owner
                            + "; a list belongs to one audience");
                }
                result.put(name, audience);
            }
        }
        return result;
    }

    private AudienceConfig audience(String name, Section section, Set<String> toolNames) {
        section.allowOnly(KEYS);
        String tool = section.required("tool", "the name of a tool under tools:"
                + (toolNames == null || toolNames.isEmpty() ? "" : " (" + String.join(", ", toolNames) + ")"));
        if (tool != null && toolNames != null && !toolNames.contains(tool)) {
            String suggestion = Suggestions.closest(tool, toolNames);
            section.invalid("tool", "no tool named '" + tool + "' under tools: ("
                    + (toolNames.isEmpty() ? "none is defined" : "the tools defined are " + String.join(", ", toolNames))
                    + ")" + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
        }
        String list = section.required("list", "the id of the list (audience) in the tool");
        String filter = section.string("filter");
        String consent = section.string("consent");
        Map<String, String> fields = section.strings("fields");
        List<String> tags = section.stringList("tags");
        String keyField = section.string("keyField");
        if (keyField != null && fields.containsKey(keyField)) {
            section.invalid("keyField", "the field " + keyField + " carries the CRM key; it cannot also be mapped under fields");
        }
        AddressChangePolicy addressChange = section.enumValue("addressChange", AddressChangePolicy.class);
        NewMemberPolicy newMembers = section.enumValue("newMembers", NewMemberPolicy.class);
        LeavePolicy onLeave = section.enumValue("onLeave", LeavePolicy.class);
        InboundPolicy inbound = section.enumValue("inbound", InboundPolicy.class);
        SharedAddressRule sharedAddress = section.enumValue("sharedAddress", SharedAddressRule.class);
        BlastRadius blastRadius = blastRadius(section);
        Map<String, String> writeBack = ConfigBinder.writeBack(section);
        if (inbound == InboundPolicy.CREATE && crm != null && !writeBack.containsKey("signup")
                && !crm.writeBack().containsKey("signup")) {
            section.invalid("inbound", "inbound: create needs a signup statement (the INSERT) under crm.writeBack or "
                    + section.path() + ".writeBack");
        }
        Duration pendingTimeout = section.duration("pendingTimeout");
        String webhookSecret = section.string("webhookSecret");
        if (webhookSecret != null && !URL_SAFE.matcher(webhookSecret).matches()) {
            section.invalid("webhookSecret", "may hold only letters, digits and . _ ~ - (it travels in the webhook URL)");
        }
        String signingSecret = section.string("signingSecret");
        ScheduleConfig schedule = schedule(section);
        if (tool == null || list == null) {
            return null;
        }
        return new AudienceConfig(name, tool, list, filter, consent, fields, tags, keyField, addressChange, newMembers,
                onLeave, inbound, sharedAddress, blastRadius, writeBack, pendingTimeout, webhookSecret, signingSecret,
                schedule);
    }

    private static ScheduleConfig schedule(Section section) {
        Duration every = section.duration("cycleEvery");
        String at = section.string("reconcileAt");
        LocalTime reconcileAt = null;
        if (at != null) {
            try {
                reconcileAt = LocalTime.parse(at.length() == 4 ? "0" + at : at);
            } catch (DateTimeParseException e) {
                section.invalid("reconcileAt", "expected a time of day in UTC like 03:00, was '" + at + "'");
            }
        }
        return new ScheduleConfig(every, reconcileAt);
    }

    private static BlastRadius blastRadius(Section section) {
        String text = section.string("blastRadius");
        if (text == null) {
            return null;
        }
        try {
            return BlastRadius.parse(text);
        } catch (IllegalArgumentException e) {
            section.invalid("blastRadius", e.getMessage() + "; was '" + text + "'");
            return null;
        }
    }
}
