package dev.listbridge.reliability.daemon;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailchimp's list webhooks as Mailchimp sends them (API-NOTES §1.9): a form body of {@code type},
 * {@code fired_at} and {@code data[...]}, signed with {@code X-Mailchimp-Signature: t={unix},v1={hex}}, the hex
 * being HMAC-SHA256 keyed with the signing secret over {@code "{t}.{raw body}"}. Written here from the notes,
 * not taken from the connector, so that a mistake in one is not repeated in the other.
 */
public final class MailchimpHooks {
    public static final String FORM = "application/x-www-form-urlencoded";
    public static final String SIGNATURE = "X-Mailchimp-Signature";
    private static final DateTimeFormatter FIRED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private MailchimpHooks() {
    }

    /** The fields of an unsubscribe ({@code data[reason]=abuse} makes it a complaint). */
    public static Map<String, String> unsubscribe(String list, String email, String reason, Instant firedAt) {
        Map<String, String> fields = base("unsubscribe", list, firedAt);
        fields.put("data[action]", "unsub");
        fields.put("data[reason]", reason);
        fields.put("data[id]", "8a25ff1d98");
        fields.put("data[email]", email);
        fields.put("data[email_type]", "html");
        fields.put("data[campaign_id]", "cb398d21d2");
        return fields;
    }

    /** The fields of a cleaned member (a hard bounce). */
    public static Map<String, String> cleaned(String list, String email, Instant firedAt) {
        Map<String, String> fields = base("cleaned", list, firedAt);
        fields.put("data[campaign_id]", "4fjk2ma9xd");
        fields.put("data[reason]", "hard");
        fields.put("data[email]", email);
        return fields;
    }

    /** The fields of a profile update. */
    public static Map<String, String> profile(String list, String email, String firstName, Instant firedAt) {
        Map<String, String> fields = base("profile", list, firedAt);
        fields.put("data[id]", "8a25ff1d98");
        fields.put("data[email]", email);
        fields.put("data[email_type]", "html");
        fields.put("data[merges][EMAIL]", email);
        fields.put("data[merges][FNAME]", firstName);
        return fields;
    }

    /** The fields of an address change made in the tool. */
    public static Map<String, String> upemail(String list, String oldEmail, String newEmail, Instant firedAt) {
        Map<String, String> fields = base("upemail", list, firedAt);
        fields.put("data[new_id]", "51aa6a3d9f");
        fields.put("data[new_email]", newEmail);
        fields.put("data[old_email]", oldEmail);
        return fields;
    }

    private static Map<String, String> base(String type, String list, Instant firedAt) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("fired_at", FIRED_AT.format(firedAt));
        fields.put("data[list_id]", list);
        return fields;
    }

    /** The form encoding of fields, in their order. */
    public static String form(Map<String, String> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
        return form.toString();
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The signature header's value for a body signed at {@code timestamp} (unix seconds). */
    public static String signature(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp, body);
    }

    public static String hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
