package dev.listbridge.sandbox.internal.model;

import dev.listbridge.sandbox.internal.model.RefusedException.FieldError;
import dev.listbridge.sandbox.internal.model.RefusedException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks merge-field values against the audience's fields. A tag the audience does not have is
 * refused (a typo in a field mapping should fail loudly, not vanish); a required field must be
 * given for a new member unless the call says {@code skip_merge_validation} [spec].
 * The wording "Your merge fields were invalid." / "Please enter a value" is [3p].
 */
final class MergeFieldRules {
    private MergeFieldRules() {
    }

    /** The values keyed by the audience's own spelling of each tag. */
    static Map<String, String> check(Audience audience, Map<String, String> values, boolean checkRequired) {
        Map<String, String> checked = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        values.forEach((tag, value) -> {
            Optional<MergeField> field = audience.mergeField(tag);
            if (field.isEmpty()) {
                errors.add(new FieldError(tag, "The merge field " + tag + " does not exist in this audience."));
            } else {
                checked.put(field.get().tag(), value);
            }
        });
        if (checkRequired) {
            for (MergeField field : audience.mergeFields()) {
                String value = checked.get(field.tag());
                if (field.required() && (value == null || value.isBlank()) && field.defaultValue().isBlank()) {
                    errors.add(new FieldError(field.tag(), "Please enter a value"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new RefusedException(Reason.INVALID_RESOURCE, "Your merge fields were invalid.", errors);
        }
        return checked;
    }
}
