package dev.listbridge.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookInstallation;
import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook part of the conformance suite, for tools with {@link dev.listbridge.spi.Capabilities#webhooks()}
 * (skipped otherwise): installation is idempotent, recipient actions arrive as signed requests that
 * {@code parseWebhook} turns into the right events, the connector's own writes do not echo back, a
 * redelivery has the same event ids and a changed body is refused. The tool (simulator) must reach a
 * receiver on 127.0.0.1 ({@link WebhookReceiver}). Subclass {@link ToolConnectorConformanceTest}, not this class.
 */
public abstract class WebhookConformance extends MemberReadConformance {

    /** How long a delivery may take to arrive; deliveries are asynchronous in every tool. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);

    private WebhookReceiver receiver;

    @AfterEach
    final void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void install_webhook_twice_keeps_one_registration() {
        assumeTrue(capabilities().webhooks(), "the tool has no webhooks");
        String url = receiver().url("/hooks/" + connectorName() + "/" + audience + "/twice");

        WebhookInstallation first = connector.installWebhook(audience, url);
        WebhookInstallation second = connector.installWebhook(audience, url);

        assertThat(first.created()).isTrue();
        assertThat(first.url()).isEqualTo(url);
        assertThat(second.created()).isFalse();
        assertThat(second.webhookId()).isEqualTo(first.webhookId());
        assertThat(second.signingSecret()).as("a secret is shown once, on creation").isNull();
    }

    @Test
    void recipient_actions_arrive_by_webhook_as_events_and_the_connectors_writes_do_not_echo() {
        assumeTrue(capabilities().webhooks(), "the tool has no webhooks");
        WebhookInstallation installation = connector.installWebhook(audience, receiver().url("/hooks/actions"));
        Address unsubscribed = subscribed("hook-unsubscribed");
        Address bounced = subscribed("hook-bounced");
        Address complained = subscribed("hook-complained");

        recipientUnsubscribes(audience, unsubscribed);
        recipientHardBounces(audience, bounced);
        recipientComplains(audience, complained);
        List<ToolEvent> events = eventsFor(installation, Set.of(unsubscribed.key(), bounced.key(), complained.key()));

        assertThat(events).anySatisfy(event -> Checks.assertEvent(event, ToolEvent.Unsubscribed.class, unsubscribed));
        assertThat(events).anySatisfy(event -> Checks.assertEvent(event, ToolEvent.HardBounced.class, bounced));
        assertThat(events).anySatisfy(event -> Checks.assertEvent(event, ToolEvent.Complained.class, complained));
        assertThat(events).as("the connector's own upserts, delivered before the recipients acted")
                .noneMatch(event -> event instanceof ToolEvent.Subscribed);
    }

    @Test
    void a_redelivered_webhook_has_the_same_event_ids_and_a_changed_body_is_refused() {
        assumeTrue(capabilities().webhooks(), "the tool has no webhooks");
        WebhookInstallation installation = connector.installWebhook(audience, receiver().url("/hooks/redelivery"));
        Address address = subscribed("hook-redelivered");

        recipientUnsubscribes(audience, address);
        WebhookRequest delivery = receiver().next("POST", DELIVERY);

        assertThat(delivery).as("a delivery within %s", DELIVERY).isNotNull();
        List<ToolEvent> first = connector.parseWebhook(audience, delivery, installation.signingSecret());
        List<ToolEvent> again = connector.parseWebhook(audience, delivery, installation.signingSecret());
        assertThat(first).isNotEmpty();
        assertThat(again).extracting(ToolEvent::eventId).isEqualTo(first.stream().map(ToolEvent::eventId).toList());
        if (installation.signingSecret() != null) {
            byte[] changed = delivery.body().clone();
            changed[changed.length - 1] ^= 1;
            WebhookRequest tampered = new WebhookRequest(delivery.method(), delivery.url(), delivery.contentType(),
                    delivery.headers(), changed, delivery.receivedAt());
            assertThatThrownBy(() -> connector.parseWebhook(audience, tampered, installation.signingSecret()))
                    .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }

    @Test
    void a_request_that_is_no_webhook_is_refused_with_4xx() {
        assumeTrue(capabilities().webhooks(), "the tool has no webhooks");
        WebhookRequest garbage = new WebhookRequest("POST", "http://127.0.0.1/hooks/garbage", "application/octet-stream",
                Map.of(), new byte[] {(byte) 0xff, 0, 0x7f, '&', '='}, clock().instant());

        assertThatThrownBy(() -> connector.parseWebhook(audience, garbage, null))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.status()).isBetween(400, 499));
    }

    /** Parses deliveries (validation requests included) until events for all {@code keys} came, or time is up. */
    private List<ToolEvent> eventsFor(WebhookInstallation installation, Set<String> keys) {
        List<ToolEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (!seen(events).containsAll(keys) && System.nanoTime() < deadline) {
            WebhookRequest request = receiver().next(Duration.ofMillis(200));
            if (request != null) {
                List<ToolEvent> parsed = connector.parseWebhook(audience, request, installation.signingSecret());
                if (request.method().equals("GET")) {
                    assertThat(parsed).as("a validation GET carries no events").isEmpty();
                }
                events.addAll(parsed);
            }
        }
        assertThat(seen(events)).as("addresses with events by webhook within %s", DELIVERY).containsAll(keys);
        return events;
    }

    private static Set<String> seen(List<ToolEvent> events) {
        return events.stream().map(event -> event.address().key()).collect(Collectors.toSet());
    }

    private WebhookReceiver receiver() {
        if (receiver == null) {
            receiver = WebhookReceiver.start(clock());
        }
        return receiver;
    }
}
