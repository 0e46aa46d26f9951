package dev.listbridge.sandbox.internal.model;

/** An audience field ({@code FNAME}, ...); members carry values keyed by {@link #tag()}. */
public record MergeField(long mergeId, String tag, String name, String type, boolean required,
                         String defaultValue, boolean isPublic, int displayOrder, String helpText) {

    /** The types Mailchimp's schema allows for {@code type} [spec]. */
    public static final java.util.Set<String> TYPES = java.util.Set.of(
            "text", "number", "address", "phone", "date", "url", "imageurl", "radio", "dropdown", "birthday", "zip");
}
