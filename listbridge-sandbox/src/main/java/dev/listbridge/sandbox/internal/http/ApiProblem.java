package dev.listbridge.sandbox.internal.http;

import dev.listbridge.sandbox.internal.model.RefusedException;
import dev.listbridge.sandbox.internal.model.RefusedException.FieldError;
import java.util.List;
import java.util.Map;

/**
 * An error answer in Mailchimp's RFC 9457 shape ({@code type, title, status, detail, instance},
 * plus {@code errors[]} for "Invalid Resource"). Titles and details are Mailchimp's own where they
 * are on record [doc errors.mdx; 3p recorded responses].
 */
public final class ApiProblem extends RuntimeException {
    public static final String TYPE = "https://mailchimp.com/developer/marketing/docs/errors/";
    static final String INVALID_RESOURCE_DETAIL =
            "The resource submitted could not be validated. For field-specific details, see the 'errors' array.";

    private final int status;
    private final String title;
    private final List<FieldError> fieldErrors;
    private final Map<String, String> headers;

    public ApiProblem(int status, String title, String detail, List<FieldError> fieldErrors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.headers = Map.copyOf(headers);
    }

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of(), Map.of());
    }

    public int status() { return status; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public List<FieldError> fieldErrors() { return fieldErrors; }
    public Map<String, String> headers() { return headers; }

    /** The one place where the model's refusals become HTTP answers. */
    public static ApiProblem from(RefusedException refused) {
        return switch (refused.reason()) {
            case INVALID_RESOURCE -> new ApiProblem(400, "Invalid Resource", refused.detail(), refused.fieldErrors(), Map.of());
            case MEMBER_EXISTS -> new ApiProblem(400, "Member Exists", refused.detail());
            case COMPLIANCE_STATE -> new ApiProblem(400, "Member In Compliance State", refused.detail());
            case NOT_FOUND -> notFound();
            case CANNOT_ARCHIVE -> new ApiProblem(405, "Method Not Allowed", refused.detail(), List.of(), Map.of("Allow", "GET, PUT"));
        };
    }

    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(400, "Invalid Resource", INVALID_RESOURCE_DETAIL, List.of(new FieldError(field, message)), Map.of());
    }

    public static ApiProblem invalid(List<FieldError> errors) {
        return new ApiProblem(400, "Invalid Resource", INVALID_RESOURCE_DETAIL, errors, Map.of());
    }

    public static ApiProblem notFound() {
        return new ApiProblem(404, "Resource Not Found", "The requested resource could not be found.");
    }

    public static ApiProblem methodNotAllowed(String allow) {
        return new ApiProblem(405, "Method Not Allowed", "The requested method and resource are not compatible. See the Allow header for this resource's available methods.",
                List.of(), Map.of("Allow", allow));
    }

    public static ApiProblem jsonParseError() {
        return new ApiProblem(400, "JSON Parse Error", "We encountered an unspecified JSON parsing error.");
    }

    public static ApiProblem apiKeyMissing() {
        return new ApiProblem(401, "API Key Missing", "Your request did not include an API key.");
    }

    public static ApiProblem apiKeyInvalid() {
        return new ApiProblem(401, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.");
    }

    public static ApiProblem tooManyRequests(Map<String, String> headers) {
        return new ApiProblem(429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections.", List.of(), headers);
    }

    /** An injected fault's answer: the title Mailchimp's gateway uses for that status. */
    public static ApiProblem injected(int status, Map<String, String> headers) {
        String title = switch (status) {
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
        String detail = status == 429
                ? "You have exceeded the limit of 10 simultaneous connections."
                : "An unexpected internal error has occurred. Please contact Support for more information.";
        return new ApiProblem(status, title, detail, List.of(), headers);
    }
}
