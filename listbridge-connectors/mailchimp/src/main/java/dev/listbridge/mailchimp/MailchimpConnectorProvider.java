package dev.listbridge.mailchimp;

import dev.listbridge.mailchimp.internal.MailchimpConfig;
import dev.listbridge.mailchimp.internal.MailchimpConnector;
import dev.listbridge.spi.ConfigField;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import java.util.List;
import java.util.Map;

/**
 * The Mailchimp Marketing API v3 connector, {@code type: mailchimp}.
 *
 * <p>Config keys: {@code apiKey} (required, secret; its suffix after the last '-' names the data
 * centre), {@code baseUrl} (optional, default {@code https://{dc}.api.mailchimp.com/3.0}),
 * {@code timeoutSeconds} (optional, default the runtime's request timeout), {@code pageSize}
 * (optional, 1-1000, default 1000).
 */
public final class MailchimpConnectorProvider implements ToolConnectorProvider {

    public static final String TYPE = "mailchimp";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<ConfigField> configSpec() {
        return MailchimpConfig.SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Map<String, String> config) {
        return MailchimpConfig.validate(config);
    }

    @Override
    public ToolConnector create(ConnectorContext context) {
        return new MailchimpConnector(MailchimpConfig.from(context.config()), context);
    }
}
