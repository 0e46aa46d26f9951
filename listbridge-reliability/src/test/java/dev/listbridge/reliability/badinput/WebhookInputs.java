package dev.listbridge.reliability.badinput;

import static dev.listbridge.reliability.daemon.MailchimpHooks.FORM;
import static dev.listbridge.reliability.daemon.MailchimpHooks.SIGNATURE;

import dev.listbridge.reliability.daemon.MailchimpHooks;
import dev.listbridge.reliability.daemon.RawHttp;
import dev.listbridge.reliability.daemon.RawHttp.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates webhook requests that must be refused, each of one kind: random bytes (as a body, or as the whole
 * request), bodies over 1 MiB (with a length, or chunked), wrong content types, missing, empty and repeated
 * fields, unknown event types, malformed form encoding, values that are not what they should be, a wrong path
 * secret or path, a missing, forged, malformed, stale or replayed signature (a valid one of another body), a
 * valid signature over a body cut short, odd methods. Everything else about a generated request is right (a
 * real contact's address, the right list, a valid signature where the kind is not about the signature), so
 * that it is refused for its one fault.
 */
final class WebhookInputs {
    /** One bad request; {@code raw} is sent as is instead of {@code request} when not null. */
    record Input(String kind, Request request, byte[] raw) {
    }

    private static final String[] TYPES = {"unsubscribe", "cleaned", "profile", "upemail"};
    private static final String[] UNKNOWN_TYPES = {"Unsubscribe", "unsub", "delete", "archive", "subscribed", "UPEMAIL",
            "campaign2", "", "type", "unsubscribe ", "\u00fcnsubscribe", "<script>", "1"};
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencodedx", "application/xml", "text/html; charset=utf-8", "application/octet-stream",
            "x-www-form-urlencoded", "application/json; charset=x-www-form-urlencoded", "*/*", "application/*", "form",
            "application/x-www-form-urlencoded; charset=utf-8; x=" + "y".repeat(300)};
    private static final String[] MALFORMED = {"%", "%4", "%zz", "%G1", "%C3%28", "%FF", "%E2%82", "%ED%A0%80", "%C0%AF"};
    /** Not ISO's "2026-11-23T09:41:02": the connector reads the API's times and the webhooks' with one parser. */
    private static final String[] BAD_DATES = {"yesterday", "2026-13-01 00:00:00", "1700000000",
            "2026-11-23", "23.11.2026 09:41:02", "2026-02-30 10:00:00", "2026-11-23 25:00:00"};
    private static final String[] BAD_EMAILS = {"not-an-address", "@example.com", "x@", "a b@example.com", "x@@example.com",
            "x@example..com", "x".repeat(300) + "@example.com", "\u0000@example.com"};
    /** Not HEAD: it is a GET without the answer's body, answered as Mailchimp's validation GET is (200, nothing stored). */
    private static final String[] METHODS = {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "FOO", "CONNECT"};

    private final Random random;
    private final String list;
    private final String hookPath;
    private final String secret;
    private final String signingSecret;
    private final List<String> emails;

    WebhookInputs(Random random, String list, String secret, String signingSecret, List<String> emails) {
        this.random = random;
        this.list = list;
        this.hookPath = "/hooks/mailchimp/newsletter/";
        this.secret = secret;
        this.signingSecret = signingSecret;
        this.emails = emails;
    }

    Input next() {
        return switch (random.nextInt(22)) {
            case 0 -> signed("random bytes", randomBytes(random.nextInt(3000)), FORM);
            case 1 -> signed("random text", randomFormLikeText().getBytes(StandardCharsets.UTF_8), FORM);
            case 2 -> rawGarbage();
            case 3 -> huge(false);
            case 4 -> huge(true);
            case 5 -> contentType();
            case 6 -> missingField();
            case 7 -> emptyField();
            case 8 -> duplicateField();
            case 9 -> unknownType();
            case 10 -> malformedForm();
            case 11 -> badValue();
            case 12 -> wrongSecret();
            case 13 -> wrongPath();
            case 14 -> post("missing signature", hookPath + secret, validBody(), FORM, List.of());
            case 15 -> forgedSignature();
            case 16 -> malformedSignature();
            case 17 -> replayedSignature();
            case 18 -> staleSignature();
            case 19 -> truncatedBody();
            case 20 -> oddMethod();
            default -> missingFieldGroup();
        };
    }

    private Map<String, String> validFields() {
        String email = emails.get(random.nextInt(emails.size()));
        Instant now = Instant.now();
        return switch (TYPES[random.nextInt(TYPES.length)]) {
            case "unsubscribe" -> MailchimpHooks.unsubscribe(list, email, random.nextBoolean() ? "manual" : "abuse", now);
            case "cleaned" -> MailchimpHooks.cleaned(list, email, now);
            case "profile" -> MailchimpHooks.profile(list, email, "Fuzz", now);
            default -> MailchimpHooks.upemail(list, email, "moved-" + random.nextInt(1000) + "@example.net", now);
        };
    }

    private byte[] validBody() {
        return MailchimpHooks.form(validFields()).getBytes(StandardCharsets.UTF_8);
    }

    private Input signed(String kind, byte[] body, String contentType) {
        return post(kind, hookPath + secret, body, contentType, List.of(Map.entry(SIGNATURE, sign(body))));
    }

    private Input signedFields(String kind, Map<String, String> fields) {
        return signed(kind, MailchimpHooks.form(fields).getBytes(StandardCharsets.UTF_8), FORM);
    }

    private String sign(byte[] body) {
        return MailchimpHooks.signature(signingSecret, Instant.now().getEpochSecond(), body);
    }

    private static Input post(String kind, String path, byte[] body, String contentType, List<Map.Entry<String, String>> more) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        headers.addAll(more);
        return new Input(kind, new Request("POST", path, headers, body, false), null);
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private String randomFormLikeText() {
        String alphabet = "abcdtype=&[]%+_.@-0123456789 ";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(200); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private Input rawGarbage() {
        byte[] garbage = randomBytes(1 + random.nextInt(500));
        byte[] raw = new byte[garbage.length + 4];
        System.arraycopy(garbage, 0, raw, 0, garbage.length);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, raw, garbage.length, 4);
        return new Input("random bytes as the request", null, raw);
    }

    private Input huge(boolean chunked) {
        StringBuilder body = new StringBuilder(MailchimpHooks.form(validFields())).append("&data[merges][NOTE]=");
        int size = 1024 * 1024 + 1 + random.nextInt(2 * 1024 * 1024);
        while (body.length() < size) {
            body.append("x".repeat(Math.min(8192, size - body.length())));
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Content-Type", FORM), Map.entry(SIGNATURE, sign(bytes)));
        return new Input(chunked ? "over 1 MiB, chunked" : "over 1 MiB", new Request("POST", hookPath + secret, headers, bytes,
                chunked), null);
    }

    private Input contentType() {
        byte[] body = validBody();
        boolean none = random.nextInt(6) == 0;
        return signed(none ? "no content type" : "wrong content type", body,
                none ? null : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
    }

    private List<String> required(Map<String, String> fields) {
        List<String> names = new ArrayList<>(List.of("type", "fired_at", "data[list_id]"));
        for (String name : List.of("data[email]", "data[old_email]", "data[new_email]")) {
            if (fields.containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private Input missingField() {
        Map<String, String> fields = validFields();
        List<String> required = required(fields);
        fields.remove(required.get(random.nextInt(required.size())));
        return signedFields("missing field", fields);
    }

    private Input missingFieldGroup() {
        Map<String, String> fields = validFields();
        fields.keySet().removeIf(name -> name.startsWith("data[") && random.nextBoolean() || name.equals("data[list_id]"));
        return signedFields("missing fields", fields);
    }

    private Input emptyField() {
        Map<String, String> fields = validFields();
        List<String> required = required(fields);
        fields.put(required.get(random.nextInt(required.size())), random.nextBoolean() ? "" : " \t ");
        return signedFields("empty field", fields);
    }

    private Input duplicateField() {
        Map<String, String> fields = validFields();
        List<String> names = new ArrayList<>(fields.keySet());
        String name = names.get(random.nextInt(names.size()));
        String form = MailchimpHooks.form(fields);
        String again = MailchimpHooks.encode(name) + "=" + MailchimpHooks.encode(random.nextBoolean() ? fields.get(name) : "other");
        // the same name again, or spelt with other escapes ('[' as %5B or raw): one field twice after decoding
        String spelt = random.nextBoolean() ? again : again.replace("%5B", "[").replace("%5D", "]");
        return signed("duplicate field", (random.nextBoolean() ? spelt + "&" + form : form + "&" + spelt)
                .getBytes(StandardCharsets.UTF_8), FORM);
    }

    private Input unknownType() {
        Map<String, String> fields = validFields();
        fields.put("type", random.nextInt(3) == 0 ? "t" + Long.toHexString(random.nextLong())
                : UNKNOWN_TYPES[random.nextInt(UNKNOWN_TYPES.length)]);
        return signedFields("unknown event type", fields);
    }

    private Input malformedForm() {
        String form = MailchimpHooks.form(validFields());
        String bad = MALFORMED[random.nextInt(MALFORMED.length)];
        String body = switch (random.nextInt(4)) {
            case 0 -> form + "&data%5Bnote%5D=" + bad; // a broken escape in a value
            case 1 -> form + "&" + bad + "=x"; // in a name
            case 2 -> form + "&=" + "nameless"; // a field without a name
            default -> form.replaceFirst("=", "=" + bad); // in the type itself
        };
        return signed("malformed form encoding", body.getBytes(StandardCharsets.UTF_8), FORM);
    }

    private Input badValue() {
        Map<String, String> fields = validFields();
        switch (random.nextInt(3)) {
            case 0 -> fields.put("fired_at", BAD_DATES[random.nextInt(BAD_DATES.length)]);
            case 1 -> fields.put(fields.containsKey("data[email]") ? "data[email]" : "data[new_email]",
                    BAD_EMAILS[random.nextInt(BAD_EMAILS.length)]);
            default -> fields.put("data[list_id]", random.nextBoolean() ? list + "x" : Long.toHexString(random.nextLong()));
        }
        return signedFields("wrong value", fields);
    }

    private Input wrongSecret() {
        String wrong = switch (random.nextInt(6)) {
            case 0 -> secret.substring(0, secret.length() - 1);
            case 1 -> secret + "x";
            case 2 -> secret.toUpperCase(java.util.Locale.ROOT);
            case 3 -> MailchimpHooks.encode(secret + "/");
            case 4 -> Long.toHexString(random.nextLong());
            default -> secret.substring(0, secret.length() - 1) + (char) (secret.charAt(secret.length() - 1) ^ 1);
        };
        byte[] body = validBody();
        return post("wrong path secret", hookPath + wrong, body, FORM, List.of(Map.entry(SIGNATURE, sign(body))));
    }

    private Input wrongPath() {
        byte[] body = validBody();
        String path = switch (random.nextInt(5)) {
            case 0 -> "/hooks/mailchimp/other/" + secret;
            case 1 -> "/hooks/brevo/newsletter/" + secret;
            case 2 -> "/hooks/mailchimp/newsletter/";
            case 3 -> "/hooks/mailchimp/newsletter/" + secret + "/extra";
            default -> "/hooks/mailchimp/" + secret;
        };
        return post("wrong path", path, body, FORM, List.of(Map.entry(SIGNATURE, sign(body))));
    }

    private Input forgedSignature() {
        byte[] body = validBody();
        String hex = HexFormat.of().formatHex(randomBytes(32));
        return post("forged signature", hookPath + secret, body, FORM,
                List.of(Map.entry(SIGNATURE, "t=" + Instant.now().getEpochSecond() + ",v1=" + hex)));
    }

    private Input malformedSignature() {
        byte[] body = validBody();
        long now = Instant.now().getEpochSecond();
        String valid = MailchimpHooks.hmac(signingSecret, now, body);
        String header = switch (random.nextInt(7)) {
            case 0 -> valid; // without t= and v1=
            case 1 -> "v1=" + valid; // no time
            case 2 -> "t=" + now; // no signature
            case 3 -> "t=" + now + ";v1=" + valid; // wrong separator
            case 4 -> "t=abc,v1=" + valid;
            case 5 -> "t=" + now + ",v0=" + valid;
            default -> "";
        };
        return post("malformed signature", hookPath + secret, body, FORM, List.of(Map.entry(SIGNATURE, header)));
    }

    private Input replayedSignature() {
        byte[] signedBody = validBody();
        byte[] sentBody = validBody();
        if (java.util.Arrays.equals(signedBody, sentBody)) {
            sentBody = (new String(sentBody, StandardCharsets.UTF_8) + "&data%5Bx%5D=1").getBytes(StandardCharsets.UTF_8);
        }
        return post("replayed signature (of another body)", hookPath + secret, sentBody, FORM,
                List.of(Map.entry(SIGNATURE, sign(signedBody))));
    }

    private Input staleSignature() {
        byte[] body = validBody();
        long minutes = (random.nextBoolean() ? 1 : -1) * (6 + random.nextInt(600));
        long at = Instant.now().getEpochSecond() - minutes * 60;
        return post("stale signature", hookPath + secret, body, FORM,
                List.of(Map.entry(SIGNATURE, MailchimpHooks.signature(signingSecret, at, body))));
    }

    private Input truncatedBody() {
        byte[] body = validBody();
        byte[] cut = java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 1));
        return post("valid signature, body cut short", hookPath + secret, cut, FORM, List.of(Map.entry(SIGNATURE, sign(body))));
    }

    private Input oddMethod() {
        byte[] body = validBody();
        String method = METHODS[random.nextInt(METHODS.length)];
        List<Map.Entry<String, String>> headers = List.of(Map.entry("Content-Type", FORM), Map.entry(SIGNATURE, sign(body)));
        return new Input("method " + method, new Request(method, hookPath + secret, headers,
                method.equals("TRACE") ? null : body, false), null);
    }

    static RawHttp.Answer send(int port, Input input, java.time.Duration timeout) {
        return input.raw() != null ? RawHttp.sendBytes(port, input.raw(), timeout) : RawHttp.send(port, input.request(), timeout);
    }
}
