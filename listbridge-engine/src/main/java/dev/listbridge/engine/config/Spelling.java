package dev.listbridge.engine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The config's spelling of enum constants: {@code LOWEST_KEY} is {@code lowestKey}. */
final class Spelling {
    private Spelling() {
    }

    static String of(Enum<?> constant) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : constant.name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static <E extends Enum<E>> List<String> all(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(of(constant));
        }
        return names;
    }

    /** The constant spelled so (case ignored), or null. */
    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equalsIgnoreCase(text.strip()) || constant.name().equalsIgnoreCase(text.strip())) {
                return constant;
            }
        }
        return null;
    }
}
