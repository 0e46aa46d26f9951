package dev.listbridge.crm.jdbc.capture;

import java.util.stream.Collectors;

/** The printable form of a {@link TriggerScript}. */
final class Scripts {

    private Scripts() {
    }

    /**
     * @param terminator what ends each statement ({@code ;}, {@code //}, {@code GO} on a line of its own)
     * @param before     a line before the statements ({@code DELIMITER //}), or null
     * @param after      a line after them, or null
     */
    static String text(TriggerScript script, String terminator, String before, String after) {
        CaptureTarget target = script.target();
        StringBuilder text = new StringBuilder();
        text.append("-- Listbridge change capture (queue mode) for table ").append(target.table().table())
                .append(", ").append(script.dialect().displayName()).append('\n');
        text.append("-- Records the key of every inserted and deleted row, and of every row whose value changed in\n");
        text.append("-- one of these columns: ").append(String.join(", ", target.watchedNames())).append('\n');
        text.append("-- Key column: ").append(target.key().name()).append("; queue table: ").append(ChangeQueue.TABLE)
                .append(". Install with `listbridge triggers --apply`; running it twice is harmless.\n\n");
        if (before != null) {
            text.append(before).append("\n\n");
        }
        String separator = terminator.equals(";") ? ";\n\n" : "\n" + terminator + "\n\n";
        text.append(script.installStatements().stream().collect(Collectors.joining(separator))).append(separator);
        if (after != null) {
            text.append(after).append("\n\n");
        }
        text.append("-- To remove (`listbridge triggers --remove`):\n");
        for (CaptureObject object : script.objects()) {
            text.append("-- ").append(object.dropSql()).append(";\n");
        }
        return text.toString();
    }
}
