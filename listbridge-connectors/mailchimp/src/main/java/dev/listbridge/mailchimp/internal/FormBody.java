package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.WebhookRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body strictly, from its raw bytes: pairs split on
 * '&amp;' and the first '=', '+' is a space, percent escapes must be complete, and the decoded bytes must be
 * UTF-8. Anything else is a {@link WebhookRejectedException} (400) naming what is wrong.
 */
final class FormBody {

    private FormBody() {
    }

    /**
     * The fields in body order.
     *
     * @throws WebhookRejectedException 400 for a malformed escape, text that is not UTF-8, an empty name or a
     *                                  name given twice (Mailchimp's nested {@code data[...]} names are unique, so a
     *                                  repeated one makes the request ambiguous [inf])
     */
    static Map<String, String> decode(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        int pair = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    pair++;
                    addPair(fields, body, start, i, pair);
                }
                start = i + 1;
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static void addPair(Map<String, String> fields, byte[] body, int from, int to, int pair) {
        int equals = from;
        while (equals < to && body[equals] != '=') {
            equals++;
        }
        String name = component(body, from, equals, "the name of form field " + pair);
        String value = equals < to ? component(body, equals + 1, to, "the value of form field " + pair) : "";
        if (name.isEmpty()) {
            throw WebhookFields.rejected("form field " + pair + " has no name");
        }
        if (fields.putIfAbsent(name, value) != null) {
            throw WebhookFields.rejected("form field " + WebhookFields.quote(name) + " is given twice");
        }
    }

    private static String component(byte[] body, int from, int to, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes.write(' ');
            } else if (b == '%') {
                int high = i + 1 < to ? Character.digit(body[i + 1], 16) : -1;
                int low = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw WebhookFields.rejected(what + " holds an incomplete percent escape");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw WebhookFields.rejected(what + " is not UTF-8 text");
        }
    }
}
