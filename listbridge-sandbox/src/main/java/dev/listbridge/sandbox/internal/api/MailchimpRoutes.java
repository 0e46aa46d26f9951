package dev.listbridge.sandbox.internal.api;

import dev.listbridge.sandbox.internal.http.FaultBook;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.AudienceAdmin;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.MemberWriter;
import dev.listbridge.sandbox.internal.model.Tagging;
import java.util.Optional;
import java.util.function.Function;

/** The simulated part of the Mailchimp Marketing API v3, paths relative to {@code /3.0}. */
public final class MailchimpRoutes {
    private MailchimpRoutes() {
    }

    /**
     * @param webhookUrlProblem why a URL fails Mailchimp's webhook validation GET, or empty when it passes
     */
    public static Router create(MailchimpState state, FaultBook faults, Function<String, Optional<String>> webhookUrlProblem) {
        Tagging tagging = new Tagging(state);
        MemberWriter writer = new MemberWriter(state, tagging);
        AudienceAdmin admin = new AudienceAdmin(state);
        Router router = new Router();
        new AccountEndpoints(state).register(router);
        new BatchSubscribeEndpoint(state, writer, faults).register(router);
        new MemberEndpoints(state, writer, tagging).register(router);
        new MergeFieldEndpoints(state, admin).register(router);
        new SegmentEndpoints(state, tagging).register(router);
        new AbuseReportEndpoints(state).register(router);
        new WebhookEndpoints(state, admin, webhookUrlProblem).register(router);
        return router;
    }
}
