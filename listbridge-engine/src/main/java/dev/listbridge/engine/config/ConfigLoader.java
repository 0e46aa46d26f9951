package dev.listbridge.engine.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates a config file (the format of issue 2, {@link ExampleConfig} shows it). Every
 * error is collected in one pass, each with file, line, column, the dotted key and what is expected;
 * secrets' values never appear in them.
 *
 * <ul>
 *   <li>{@code ${VAR}} in any value comes from {@code env}; {@code ${VAR:-default}} when VAR is unset or empty;
 *       {@code $${} is a literal {@code ${}. A missing variable is an error naming it.</li>
 *   <li>A relative file path in an SQLite or H2 URL ({@code state}, {@code crm.url}) is resolved against the
 *       config file's folder.</li>
 *   <li>Unknown keys are errors with a "did you mean" suggestion; duplicate keys are errors.</li>
 * </ul>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * @param file the config file; errors name it as given
     * @param env  the environment variables for {@code ${VAR}}, usually {@code System.getenv()}
     * @throws ConfigException with every error found
     */
    public static ListbridgeConfig load(Path file, Map<String, String> env) {
        Problems problems = new Problems(file);
        String text = read(file, problems);
        if (text == null) {
            throw new ConfigException(problems.sorted());
        }
        return parse(file, text, env);
    }

    /** Validates config text as if it were the content of {@code file}. */
    static ListbridgeConfig parse(Path file, String text, Map<String, String> env) {
        Problems problems = new Problems(file);
        Node document = compose(text, problems);
        ListbridgeConfig config = null;
        if (document == null && problems.isEmpty()) {
            problems.add((Node) null, null, "the file is empty; expected the keys crm, tools and audiences"
                    + " (`listbridge init` writes an example)");
        } else if (document != null) {
            config = new ConfigBinder(problems, new Env(env), file.toAbsolutePath().normalize()).bind(document);
        }
        if (!problems.isEmpty() || config == null) {
            throw new ConfigException(problems.sorted());
        }
        return config;
    }

    private static String read(Path file, Problems problems) {
        try {
            String text = Files.readString(file);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (NoSuchFileException e) {
            problems.add((Node) null, null, "no such file (`listbridge init` writes an example config)");
        } catch (AccessDeniedException e) {
            problems.add((Node) null, null, "cannot read the file: permission denied");
        } catch (CharacterCodingException e) {
            problems.add((Node) null, null, "cannot read the file: it is not UTF-8 text");
        } catch (IOException e) {
            problems.add((Node) null, null, "cannot read the file: "
                    + (Files.isDirectory(file) ? "it is a folder" : e.getClass().getSimpleName() + " " + e.getMessage()));
        }
        return null;
    }

    /** A hint for a common trap: {@code [${VAR}]} is not valid YAML, braces being flow indicators. */
    private static String hint(String text, Mark mark) {
        if (mark == null) {
            return "";
        }
        String[] lines = text.split("\\R", -1);
        String line = mark.getLine() < lines.length ? lines[mark.getLine()] : "";
        return line.matches(".*[\\[{].*\\$\\{.*")
                ? "; inside [ ] or { } quote a value holding ${…}, like [\"${VAR}\"]"
                : "";
    }

    private static Node compose(String text, Problems problems) {
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // context and problem only: the snippet SnakeYAML adds could show a secret
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark, null, "malformed YAML: " + context + e.getProblem() + hint(text, mark));
        } catch (YAMLException e) {
            problems.add((Node) null, null, "malformed YAML: " + e.getMessage());
        }
        return null;
    }
}
