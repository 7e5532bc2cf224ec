package dev.meridian.ports.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRecordsTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void commandsKeepTheirMapsInTheOrderSentAsCopiesAndNoneWhenNull() {
        Map<String, String> sent = ordered("z", "1", "a", "2", "m", "3");
        TrackCommand track = new TrackCommand("t", "example.com", "https://example.com/", null, "v", "s",
                "custom", sent, false, "203.0.113.9", null);
        GoalCommand goal = new GoalCommand("site", "v", "signup", null, sent);
        IdentifyCommand identify = new IdentifyCommand("site", "v", sent);
        sent.clear();

        for (Map<String, String> kept : List.of(track.extraData(), goal.metadata(), identify.fields())) {
            assertThat(kept).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"), Map.entry("m", "3"));
            assertThatThrownBy(() -> kept.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        }
        assertThat(new TrackCommand("t", null, null, null, null, null, "pageview", null, false, null, null)
                .extraData()).isEmpty();
        assertThat(new GoalCommand("site", "v", "signup", null, null).metadata()).isEmpty();
        assertThat(new IdentifyCommand("site", "v", null).fields()).isEmpty();
    }

    @Test
    void aReadImportLineKeepsItsFieldsInOrderAndIsNotUnreadable() {
        ImportLine line = ImportLine.read(3, "{\"type\":\"pageview\"}",
                ordered("type", "pageview", "href", "https://example.com/"), ordered("plan", "pro"));

        assertThat(line.number()).isEqualTo(3);
        assertThat(line.unreadable()).isNull();
        assertThat(line.fields()).containsExactly(Map.entry("type", "pageview"),
                Map.entry("href", "https://example.com/"));
        assertThat(line.extraData()).containsExactly(Map.entry("plan", "pro"));
        assertThat(ImportLine.read(1, "{}", null, null).fields()).isEmpty();
    }

    @Test
    void anUnreadableImportLineSaysWhyAndHasNoFields() {
        ImportLine line = ImportLine.unreadable(7, "not json", "not a JSON object");

        assertThat(line.unreadable()).isEqualTo("not a JSON object");
        assertThat(line.fields()).isEmpty();
        assertThat(line.extraData()).isEmpty();
        assertThatThrownBy(() -> ImportLine.unreadable(7, "not json", null)).hasMessage("reason");
        assertThatThrownBy(() -> ImportLine.read(7, null, Map.of(), Map.of())).hasMessage("text");
    }

    @Test
    void anImportReportHoldsACopyOfItsRejectionsAndEachNamesItsReason() {
        List<ImportReport.Rejection> rejections = new ArrayList<>(
                List.of(new ImportReport.Rejection(2, "timestamp is not an ISO 8601 instant")));
        ImportReport report = new ImportReport(1, 1, 1, 0, 0, 0, rejections);
        rejections.clear();

        assertThat(report.rejections()).extracting(ImportReport.Rejection::line).containsExactly(2L);
        assertThatThrownBy(() -> new ImportReport.Rejection(2, null)).hasMessage("reason");
    }

    @Test
    void aPaymentReceiptNeedsItsTransactionAndOutcomeButNotAVisitor() {
        assertThat(new PaymentReceipt("tx-1", PaymentReceipt.Outcome.RECORDED, null).visitorId()).isNull();
        assertThatThrownBy(() -> new PaymentReceipt(null, PaymentReceipt.Outcome.RECORDED, "v"))
                .hasMessage("transactionId");
        assertThatThrownBy(() -> new PaymentReceipt("tx-1", null, "v")).hasMessage("outcome");
    }
}
