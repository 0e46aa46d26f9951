package dev.listbridge.mailchimp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.Capabilities;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolConnectorProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MailchimpConnectorProviderTest {

    @Test
    void service_loader_finds_the_mailchimp_type() {
        assertThat(ServiceLoader.load(ToolConnectorProvider.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(provider -> provider.type().equals("mailchimp"))
                .singleElement().isInstanceOf(MailchimpConnectorProvider.class);
    }

    @Test
    void capabilities_are_mailchimps_limits_and_features() {
        ConnectorContext context = new ConnectorContext("caps",
                Map.of("type", "mailchimp", "apiKey", "0123456789abcdef0123456789abcdef-us6"), Clock.systemUTC(), Duration.ofSeconds(5));
        try (ToolConnector connector = new MailchimpConnectorProvider().create(context)) {
            assertThat(connector.capabilities()).isEqualTo(new Capabilities(500, 10, true, true, true, true, true, true, false, true));
        }
    }
}
