package dev.listbridge.spi;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is wrong; carries every problem found, not just the first. */
public class InvalidConfigException extends ListbridgeException {
    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigException(String key, String message) {
        this(List.of(new ConfigProblem(key, message)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
