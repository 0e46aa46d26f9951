package dev.listbridge.cli;

import dev.listbridge.crm.jdbc.NamedStatement;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks every write-back statement of a config (named parameters, quoting) before a command starts: a
 * statement runs only when an event arrives, so without this a mistake would show days later.
 */
final class WriteBackStatements {
    private WriteBackStatements() {
    }

    /**
     * @throws InvalidConfigException naming each statement by its key, e.g. {@code crm.writeBack.unsubscribed}
     */
    static void check(ListbridgeConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        check("crm.writeBack.", config.crm().writeBack(), problems);
        for (AudienceConfig audience : config.audiences().values()) {
            check("audiences." + audience.name() + ".writeBack.", audience.writeBack(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static void check(String prefix, Map<String, String> statements, List<ConfigProblem> problems) {
        if (statements == null) {
            return;
        }
        statements.forEach((name, sql) -> {
            try {
                NamedStatement.parse(prefix + name, sql);
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        });
    }
}
