package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one API call asks for one member; null means "not given". {@code tags} are tag names
 * (POST and batch only); {@code mergeFields} map tags to values as text.
 */
public record MemberWrite(String emailAddress, MemberStatus status, MemberStatus statusIfNew,
                          Map<String, String> mergeFields, List<String> tags, Map<String, Boolean> interests,
                          String language, Boolean vip, String emailType,
                          String ipSignup, Instant timestampSignup, String ipOpt, Instant timestampOpt) {

    public MemberWrite {
        mergeFields = mergeFields == null ? Map.of() : Map.copyOf(mergeFields);
        interests = interests == null ? Map.of() : Map.copyOf(interests);
        tags = tags == null ? null : List.copyOf(tags);
    }

    /** The common case of tests: an address and a status. */
    public static MemberWrite of(String emailAddress, MemberStatus status) {
        return new MemberWrite(emailAddress, status, null, Map.of(), null, Map.of(), null, null, null, null, null, null, null);
    }

    public MemberWrite withStatusIfNew(MemberStatus value) {
        return new MemberWrite(emailAddress, status, value, mergeFields, tags, interests, language, vip, emailType,
                ipSignup, timestampSignup, ipOpt, timestampOpt);
    }

    public MemberWrite withMergeFields(Map<String, String> value) {
        return new MemberWrite(emailAddress, status, statusIfNew, value, tags, interests, language, vip, emailType,
                ipSignup, timestampSignup, ipOpt, timestampOpt);
    }
}
