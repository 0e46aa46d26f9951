package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.FieldSelection;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.AbuseReport;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import java.util.List;

/**
 * {@code GET /lists/{list_id}/abuse-reports}: spam complaints, oldest first, paged by count/offset, with
 * {@code fields}/{@code exclude_fields}.
 */
final class AbuseReportEndpoints {
    private final MailchimpState state;

    AbuseReportEndpoints(MailchimpState state) {
        this.state = state;
    }

    void register(Router router) {
        router.add("GET", "/lists/{list_id}/abuse-reports", this::list);
    }

    private ApiReply list(ApiCall call) {
        int count = call.intQuery("count", 10, 1000);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            List<AbuseReport> reports = audience.abuseReports(offset, count);
            ObjectNode json = Json.object();
            ArrayNode items = json.putArray("abuse_reports");
            reports.forEach(report -> items.add(AudienceJson.abuseReport(report)));
            json.put("list_id", audience.id()).put("total_items", audience.abuseReportCount());
            json.putArray("_links");
            return ApiReply.ok(FieldSelection.of(call).apply(json));
        });
    }
}
