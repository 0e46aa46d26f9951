package dev.listbridge.sandbox.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches a method and a path like {@code /lists/{list_id}/members/{subscriber_hash}} to an
 * endpoint. A path no route knows is Mailchimp's 404; a known path with another method is a 405
 * with an {@code Allow} header.
 */
public final class Router {
    /** An endpoint: a small function from a call to an answer; refusals travel as exceptions. */
    @FunctionalInterface
    public interface Endpoint {
        ApiReply handle(ApiCall call);
    }

    private record Route(String method, String template, List<String> segments, Endpoint endpoint) {
        Optional<Map<String, String>> match(List<String> pathSegments) {
            if (pathSegments.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int index = 0; index < segments.size(); index++) {
                String expected = segments.get(index);
                String actual = pathSegments.get(index);
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    if (actual.isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(expected.substring(1, expected.length() - 1), ApiCall.decode(actual.replace("+", "%2B")));
                } else if (!expected.equals(actual)) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, template, segments(template), endpoint));
        return this;
    }

    public ApiReply dispatch(ApiCall call) {
        List<String> pathSegments = segments(call.path());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.match(pathSegments);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(call.method())) {
                return route.endpoint().handle(call.withPathParams(params.get()));
            }
            allowed.add(route.method());
        }
        if (!allowed.isEmpty()) {
            throw ApiProblem.methodNotAllowed(String.join(", ", allowed));
        }
        throw ApiProblem.notFound();
    }

    /** The template of the route a call would reach, e.g. {@code /lists/{list_id}}; empty when none. */
    public Optional<String> templateOf(String method, String path) {
        List<String> pathSegments = segments(path);
        for (Route route : routes) {
            if (route.method().equals(method) && route.match(pathSegments).isPresent()) {
                return Optional.of(route.template());
            }
        }
        return Optional.empty();
    }

    private static List<String> segments(String path) {
        List<String> result = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                result.add(segment);
            }
        }
        return result;
    }
}
