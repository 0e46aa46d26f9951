package dev.listbridge.sandbox.internal.model;

import java.util.List;

/**
 * Mailchimp refuses a write. The reason decides the HTTP answer in one place
 * ({@code ApiErrors}); batch calls turn it into a per-member error instead.
 */
public final class RefusedException extends RuntimeException {
    public enum Reason {
        INVALID_RESOURCE, MEMBER_EXISTS, COMPLIANCE_STATE, NOT_FOUND, CANNOT_ARCHIVE
    }

    /** A field-level problem, as in the {@code errors[]} of an "Invalid Resource" answer. */
    public record FieldError(String field, String message) {
    }

    private final Reason reason;
    private final List<FieldError> fieldErrors;

    public RefusedException(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    public RefusedException(Reason reason, String detail, List<FieldError> fieldErrors) {
        super(detail);
        this.reason = reason;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public static RefusedException invalid(String field, String message) {
        return new RefusedException(Reason.INVALID_RESOURCE, message, List.of(new FieldError(field, message)));
    }

    public static RefusedException notFound() {
        return new RefusedException(Reason.NOT_FOUND, "The requested resource could not be found.");
    }

    public Reason reason() { return reason; }
    public String detail() { return getMessage(); }
    public List<FieldError> fieldErrors() { return fieldErrors; }
}
