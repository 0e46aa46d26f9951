package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What the API answered: the status and the body as text. {@link #problem()} reads Mailchimp's
 * RFC 9457 error document ({@code title}, {@code detail}).
 */
public record ApiResponse(int status, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_TEXT = 200;

    public ApiResponse {
        body = body == null ? "" : body;
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /**
     * The tool's own words for an error: {@code "title: detail"} from problem+json, the start of the
     * body when it is not JSON, or the bare status when there is no body.
     */
    public String problem() {
        if (body.isBlank()) {
            return "HTTP " + status;
        }
        try {
            JsonNode document = JSON.readTree(body);
            String title = document.path("title").asText("");
            String detail = document.path("detail").asText("");
            StringBuilder text = new StringBuilder(title);
            if (!detail.isBlank()) {
                text.append(text.isEmpty() ? "" : ": ").append(detail);
            }
            for (JsonNode error : document.path("errors")) {
                String field = error.path("field").asText("");
                String message = error.path("message").asText("");
                if (!message.isBlank()) {
                    text.append(" (").append(field.isBlank() ? "" : field + ": ").append(message).append(')');
                }
            }
            return text.isEmpty() ? "HTTP " + status : text.toString();
        } catch (IOException notJson) {
            String raw = body.strip();
            return "HTTP " + status + ": " + (raw.length() > MAX_RAW_TEXT ? raw.substring(0, MAX_RAW_TEXT) + "..." : raw);
        }
    }

    /** Only the detail of a problem document (the part that names the record), else {@link #problem()}. */
    public String detail() {
        try {
            String detail = JSON.readTree(body).path("detail").asText("");
            return detail.isBlank() ? problem() : detail;
        } catch (IOException notJson) {
            return problem();
        }
    }
}
