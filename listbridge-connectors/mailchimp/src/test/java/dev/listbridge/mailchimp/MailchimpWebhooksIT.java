package dev.listbridge.mailchimp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookInstallation;
import dev.listbridge.spi.WebhookRequest;
import dev.listbridge.spi.WriteOutcome;
import dev.listbridge.tck.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end against the sandbox: the connector installs the audience's webhook, a recipient acts
 * in the tool, the sandbox delivers the signed form to a receiver on 127.0.0.1, and parseWebhook turns the
 * request, as received, into the event.
 */
class MailchimpWebhooksIT {

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final ShiftedClock CLOCK = new ShiftedClock();
    private static MailchimpSandbox sandbox;
    private ToolConnector connector;
    private WebhookReceiver receiver;
    private String list;
    private WebhookInstallation installation;

    @BeforeAll
    static void startSandbox() {
        sandbox = MailchimpSandbox.start(0, CLOCK);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void install() {
        connector = new MailchimpConnectorProvider().create(new ConnectorContext("webhooks-it",
                Map.of("apiKey", sandbox.apiKey(), "baseUrl", sandbox.baseUrl()), CLOCK, Duration.ofSeconds(10)));
        receiver = WebhookReceiver.start(CLOCK);
        list = sandbox.createList("webhooks", false);
        installation = connector.installWebhook(list, receiver.url("/hooks/mailchimp/newsletter/path-secret"));
        WebhookRequest validation = receiver.next(DELIVERY);
        assertThat(validation).as("Mailchimp's validation GET").isNotNull();
        assertThat(connector.parseWebhook(list, validation, installation.signingSecret())).isEmpty();
    }

    @AfterEach
    void close() {
        receiver.close();
        connector.close();
    }

    @Test
    void installing_twice_keeps_one_registration_with_api_events_off() {
        WebhookInstallation again = connector.installWebhook(list, installation.url());

        assertThat(installation.created()).isTrue();
        assertThat(installation.signingSecret()).isNotBlank();
        assertThat(again).isEqualTo(new WebhookInstallation(installation.webhookId(), installation.url(), null, false));
        assertThat(sandbox.webhooks(list)).singleElement().satisfies(hook -> {
            assertThat(hook.url()).isEqualTo(installation.url());
            assertThat(hook.sources()).isEqualTo(Map.of("user", true, "admin", true, "api", false));
            assertThat(hook.events()).containsEntry("upemail", true).containsEntry("cleaned", true).containsEntry("campaign", false);
        });
    }

    @Test
    void each_recipient_action_arrives_as_its_event() {
        Address ann = subscribe("ann@example.com");
        Address bob = subscribe("bob@example.com");
        Address cy = subscribe("cy@example.com");
        Address dee = subscribe("dee@example.com");
        Address eve = subscribe("eve@example.com");

        sandbox.unsubscribe(list, ann.ascii(), "too many mails");
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.Unsubscribed.class, event -> {
            assertThat(event.address()).isEqualTo(ann);
            assertThat(event.memberId()).isEqualTo(sandbox.member(list, ann.ascii()).orElseThrow().id());
        });
        sandbox.hardBounce(list, bob.ascii());
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.HardBounced.class, event -> assertThat(event.address()).isEqualTo(bob));
        sandbox.complain(list, cy.ascii(), "campaign-9");
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.Complained.class, event -> {
            assertThat(event.address()).isEqualTo(cy);
            assertThat(event.campaignId()).isEqualTo("campaign-9");
        });
        sandbox.editProfile(list, dee.ascii(), Map.of("FNAME", "Dee"));
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.ProfileChanged.class,
                event -> assertThat(event.fields()).containsEntry("FNAME", "Dee"));
        sandbox.changeAddress(list, eve.ascii(), "eve.new@example.com");
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.AddressChanged.class, event -> {
            assertThat(event.address()).isEqualTo(eve);
            assertThat(event.newAddress()).isEqualTo(Address.parse("eve.new@example.com"));
            assertThat(event.memberId()).isEqualTo(sandbox.member(list, "eve.new@example.com").orElseThrow().id());
        });
        sandbox.signup(list, "fay@example.com", Map.of("FNAME", "Fay"));
        assertThat(nextEvent()).isInstanceOfSatisfying(ToolEvent.Subscribed.class, event -> {
            assertThat(event.address()).isEqualTo(Address.parse("fay@example.com"));
            assertThat(event.fields()).containsEntry("FNAME", "Fay");
        });
    }

    @Test
    void the_connectors_own_writes_do_not_come_back_and_a_redelivery_is_recognised() {
        Address ann = subscribe("ann@example.com");
        connector.rename(list, ann, Address.parse("ann.new@example.com"));
        connector.archive(list, List.of(Address.parse("ann.new@example.com")));
        Address bob = subscribe("bob@example.com");

        sandbox.unsubscribe(list, bob.ascii(), "manual");
        WebhookRequest delivery = receiver.next("POST", DELIVERY);

        assertThat(delivery).isNotNull();
        List<ToolEvent> events = connector.parseWebhook(list, delivery, installation.signingSecret());
        assertThat(events).as("the first delivery is the recipient's: upserts, rename and archive made none")
                .singleElement().satisfies(event -> assertThat(event.address()).isEqualTo(bob));
        assertThat(connector.parseWebhook(list, delivery, installation.signingSecret()))
                .extracting(ToolEvent::eventId).containsExactly(events.get(0).eventId());
        assertThat(delivery.header("user-agent")).isEqualTo("MailChimp");
    }

    private Address subscribe(String email) {
        Address address = Address.parse(email);
        assertThat(connector.upsert(list, List.of(new MemberWrite(address, SubscriptionStatus.SUBSCRIBED, Map.of()))))
                .singleElement().isInstanceOf(WriteOutcome.Applied.class);
        return address;
    }

    /** The one event of the next delivery, its signature checked with the installation's secret. */
    private ToolEvent nextEvent() {
        WebhookRequest delivery = receiver.next("POST", DELIVERY);
        assertThat(delivery).as("a delivery within %s", DELIVERY).isNotNull();
        assertThat(delivery.header("x-mailchimp-signature")).startsWith("t=");
        List<ToolEvent> events = connector.parseWebhook(list, delivery, installation.signingSecret());
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
