package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.ConfigField;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The connector's config section, validated.
 *
 * @param apiKey   the API key (secret: never in messages, logs or {@link #toString()})
 * @param baseUri  the API root, e.g. {@code https://us6.api.mailchimp.com/3.0}, without a trailing slash
 * @param timeout  how long one request may take, or null for the runtime's request timeout
 * @param pageSize how many members (or reports) one read asks for, at most Mailchimp's 1000
 */
public record MailchimpConfig(String apiKey, URI baseUri, Duration timeout, int pageSize) {

    public static final String API_KEY = "apiKey";
    public static final String BASE_URL = "baseUrl";
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    public static final String PAGE_SIZE = "pageSize";
    /** Mailchimp's largest {@code count} for collections. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final Pattern DATA_CENTRE = Pattern.compile("[a-z]{1,8}[0-9]{1,4}");

    public static final List<ConfigField> SPEC = List.of(
            new ConfigField(API_KEY, true, true,
                    "Mailchimp API key, e.g. 0123456789abcdef0123456789abcdef-us6; the part after the last '-' "
                            + "names the data centre"),
            new ConfigField(BASE_URL, false, false,
                    "API root; default https://{dc}.api.mailchimp.com/3.0 with dc taken from the API key. "
                            + "Set it to use a sandbox or a proxy"),
            new ConfigField(TIMEOUT_SECONDS, false, false,
                    "seconds one request may take before it counts as a (retriable) timeout; default the "
                            + "runtime's request timeout"),
            new ConfigField(PAGE_SIZE, false, false,
                    "members or reports one read asks for, 1 to 1000; default 1000"));

    /** Every problem of a config section, keys relative to it. The {@code type} key is the runtime's. */
    public static List<ConfigProblem> validate(Map<String, String> config) {
        List<ConfigProblem> problems = new ArrayList<>();
        String apiKey = config.get(API_KEY);
        String baseUrl = config.get(BASE_URL);
        if (apiKey == null || apiKey.isBlank()) {
            problems.add(new ConfigProblem(API_KEY, "required: the Mailchimp API key, e.g. 0123456789abcdef0123456789abcdef-us6"));
        } else if (isBlank(baseUrl) && dataCentre(apiKey) == null) {
            problems.add(new ConfigProblem(API_KEY, "expected the data centre after the last '-' of the key "
                    + "(e.g. ...-us6), or set " + BASE_URL));
        }
        if (!isBlank(baseUrl)) {
            baseUrlProblem(baseUrl).ifPresent(message -> problems.add(new ConfigProblem(BASE_URL, message)));
        }
        positiveInt(config, TIMEOUT_SECONDS, Integer.MAX_VALUE, problems);
        positiveInt(config, PAGE_SIZE, MAX_PAGE_SIZE, problems);
        return List.copyOf(problems);
    }

    /**
     * Reads a config section.
     *
     * @throws InvalidConfigException with every problem, if there are any
     */
    public static MailchimpConfig from(Map<String, String> config) {
        List<ConfigProblem> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        String apiKey = config.get(API_KEY).strip();
        String baseUrl = config.get(BASE_URL);
        String root = isBlank(baseUrl) ? "https://" + dataCentre(apiKey) + ".api.mailchimp.com/3.0" : baseUrl.strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        String timeout = config.get(TIMEOUT_SECONDS);
        String pageSize = config.get(PAGE_SIZE);
        return new MailchimpConfig(apiKey, URI.create(root),
                isBlank(timeout) ? null : Duration.ofSeconds(Integer.parseInt(timeout.strip())),
                isBlank(pageSize) ? MAX_PAGE_SIZE : Integer.parseInt(pageSize.strip()));
    }

    /** The data centre suffix of an API key ({@code us6}), or null if the key has none. */
    static String dataCentre(String apiKey) {
        int dash = apiKey.strip().lastIndexOf('-');
        if (dash < 0) {
            return null;
        }
        String dc = apiKey.strip().substring(dash + 1);
        return DATA_CENTRE.matcher(dc).matches() ? dc : null;
    }

    private static Optional<String> baseUrlProblem(String baseUrl) {
        try {
            URI uri = new URI(baseUrl.strip());
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return Optional.of("expected an http(s) URL such as https://us6.api.mailchimp.com/3.0, was '" + baseUrl + "'");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("not a URL (" + e.getReason() + "): '" + baseUrl + "'");
        }
    }

    private static void positiveInt(Map<String, String> config, String key, int max, List<ConfigProblem> problems) {
        String value = config.get(key);
        if (isBlank(value)) {
            return;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 1 || parsed > max) {
                problems.add(new ConfigProblem(key, "expected a whole number from 1 to " + max + ", was " + value));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(key, "expected a whole number, was '" + value + "'"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "MailchimpConfig[apiKey=****, baseUri=" + baseUri + ", timeout=" + timeout + ", pageSize=" + pageSize + "]";
    }
}
