package dev.listbridge.engine.config;

import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * {@code ${VAR}} substitution from the environment: {@code ${VAR:-default}} when VAR is unset or empty,
 * {@code $${} for a literal {@code ${}. Messages name variables, never values.
 */
final class Env {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The text with every variable substituted, or null after reporting what is wrong. */
    String substitute(String text, Node node, String path, Problems problems) {
        if (!text.contains("$")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(node, path, "'${' without a closing '}'; write ${NAME} for a variable or $${ for a literal ${");
                    return null;
                }
                String expression = text.substring(i + 2, end);
                int colon = expression.indexOf(":-");
                String name = colon < 0 ? expression : expression.substring(0, colon);
                String value = variables.get(name);
                if (!NAME.matcher(name).matches()) {
                    problems.add(node, path, "'${…}' must hold a variable name (letters, digits, _), like ${CRM_PASSWORD};"
                            + " write $${ for a literal ${");
                    failed = true;
                } else if (colon >= 0 && (value == null || value.isEmpty())) {
                    out.append(expression.substring(colon + 2));
                } else if (value == null) {
                    problems.add(node, path, "environment variable " + name + " is not set; set it, or write ${"
                            + name + ":-default} for a default");
                    failed = true;
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return failed ? null : out.toString();
    }
}
