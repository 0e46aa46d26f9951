package dev.listbridge.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fields} and {@code exclude_fields}: "a comma-separated list of fields to return / to exclude.
 * Reference parameters of sub-objects with dot notation" [spec]. A path into an array applies to each of
 * its items ({@code members.id}). With both, the excluded fields are taken from the returned ones.
 */
public final class FieldSelection {
    private static final FieldSelection ALL = new FieldSelection(null, null);

    /** Each path as a tree of names; null when the parameter is not given. */
    private final Node include;
    private final Node exclude;

    private FieldSelection(Node include, Node exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** What a request asks for; everything when it names no fields. */
    public static FieldSelection of(ApiCall call) {
        Node include = call.query("fields").map(FieldSelection::tree).orElse(null);
        Node exclude = call.query("exclude_fields").map(FieldSelection::tree).orElse(null);
        return include == null && exclude == null ? ALL : new FieldSelection(include, exclude);
    }

    /** The answer with only the fields asked for; {@code body} itself is changed and returned. */
    public JsonNode apply(JsonNode body) {
        if (include != null) {
            keep(body, include);
        }
        if (exclude != null) {
            drop(body, exclude);
        }
        return body;
    }

    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
    }

    private static Node tree(String parameter) {
        Node root = new Node();
        for (String path : parameter.split(",")) {
            String trimmed = path.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            Node node = root;
            for (String name : trimmed.split("\\.")) {
                node = node.children.computeIfAbsent(name, key -> new Node());
            }
        }
        return root.children.isEmpty() ? null : root;
    }

    private static void keep(JsonNode node, Node selection) {
        if (node instanceof ArrayNode array) {
            array.forEach(item -> keep(item, selection));
        } else if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                Node child = selection.children.get(name);
                if (child == null) {
                    object.remove(name);
                } else if (!child.children.isEmpty()) {
                    keep(object.get(name), child);
                }
            }
        }
    }

    private static void drop(JsonNode node, Node selection) {
        if (node instanceof ArrayNode array) {
            array.forEach(item -> drop(item, selection));
        } else if (node instanceof ObjectNode object) {
            selection.children.forEach((name, child) -> {
                if (child.children.isEmpty()) {
                    object.remove(name);
                } else if (object.has(name)) {
                    drop(object.get(name), child);
                }
            });
        }
    }
}
