package dev.listbridge.spi;

import java.util.List;
import java.util.Map;

/**
 * Entry point of a connector jar, found by {@link java.util.ServiceLoader} (list the implementing
 * class in {@code META-INF/services/dev.listbridge.spi.ToolConnectorProvider}). A provider is
 * stateless; it validates a config section and creates {@link ToolConnector} instances from it.
 */
public interface ToolConnectorProvider {

    /** The {@code type:} value that selects this connector in the config file, e.g. {@code mailchimp}. */
    String type();

    /** The keys this connector accepts, secrets flagged. */
    List<ConfigField> configSpec();

    /**
     * Checks a config section without contacting the tool.
     *
     * @return every problem found (empty when valid), keys relative to the section
     */
    List<ConfigProblem> validate(Map<String, String> config);

    /**
     * Creates a connector from a config section that {@link #validate} accepted.
     *
     * @throws InvalidConfigException if the config is not valid
     */
    ToolConnector create(ConnectorContext context);
}
