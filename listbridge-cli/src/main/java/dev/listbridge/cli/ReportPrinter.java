package dev.listbridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.listbridge.engine.CycleReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints cycle reports for people (counts and the first items of each kind) and for machines (JSON). */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void text(PrintWriter out, CycleReport report) {
        out.printf("%s %s: %s%n", report.plan() ? "Plan for audience" : "Audience", report.audience(),
                report.plan() ? "(nothing written)" : report.outcome().name().toLowerCase());
        if (report.counts().isEmpty()) {
            out.println("  nothing to do");
        }
        for (Map.Entry<String, Long> count : report.counts().entrySet()) {
            out.printf("  %-60s %8d%n", count.getKey(), count.getValue());
            List<String> samples = report.samples().get(count.getKey());
            if (samples != null) {
                for (String sample : samples) {
                    out.println("      " + sample);
                }
                if (count.getValue() > samples.size()) {
                    out.println("      ... and " + (count.getValue() - samples.size()) + " more");
                }
            }
        }
        for (String message : report.messages()) {
            out.println("  ! " + message);
        }
    }

    static String summaryLine(CycleReport report) {
        return String.format("%s: %s, %d read, %d new, %d updated, %d unsubscribed, %d write-backs, %d invalid, %d dead letters",
                report.audience(), report.outcome().name().toLowerCase(), report.get(CycleReport.CONTACTS_READ),
                report.get(CycleReport.NEW_MEMBERS) + report.get(CycleReport.NEW_MEMBERS_PENDING),
                report.get(CycleReport.MEMBERS_UPDATED), report.counts().entrySet().stream()
                        .filter(e -> e.getKey().startsWith(CycleReport.MEMBERS_UNSUBSCRIBED)).mapToLong(Map.Entry::getValue).sum(),
                report.get(CycleReport.WRITE_BACKS_APPLIED) + report.get(CycleReport.WRITE_BACKS_MATCHING_NO_ROW),
                report.get(CycleReport.INVALID_ADDRESSES),
                report.get(CycleReport.DEAD_LETTERS));
    }

    static void json(PrintWriter out, List<CycleReport> reports) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Map<String, Object>> items = reports.stream().map(report -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("audience", report.audience());
            item.put("plan", report.plan());
            item.put("outcome", report.outcome().name().toLowerCase());
            item.put("counts", report.counts());
            item.put("samples", report.samples());
            item.put("messages", report.messages());
            return item;
        }).toList();
        try {
            out.println(mapper.writeValueAsString(Map.of("audiences", items)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
