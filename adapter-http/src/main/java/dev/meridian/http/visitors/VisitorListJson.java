package dev.meridian.http.visitors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.meridian.http.json.WireValues;
import io.micronaut.core.annotation.Nullable;
import dev.meridian.ports.model.VisitorList;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/visitors} (API.md §9.2): the success envelope with the page as {@code data} and a
 * {@code pagination} beside it. Nulls written.
 */
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
@JsonPropertyOrder({"status", "data", "pagination"})
public record VisitorListJson(
        @JsonProperty("status") String status,
        @JsonProperty("data") List<Row> data,
        @JsonProperty("pagination") Pagination pagination) {

    static VisitorListJson from(VisitorList list) {
        return new VisitorListJson("success", list.visitors().stream().map(Row::from).toList(),
                new Pagination(list.offset(), list.limit(), list.total(), list.hasMore()));
    }

    @JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
    @JsonPropertyOrder({"visitorId", "lastSeenAt", "currentUrl", "identity", "acquisition"})
    public record Row(
            @JsonProperty("visitorId") String visitorId,
            @JsonProperty("lastSeenAt") @Nullable String lastSeenAt,
            @JsonProperty("currentUrl") @Nullable String currentUrl,
            @JsonProperty("identity") Identity identity,
            @JsonProperty("acquisition") Acquisition acquisition) {

        static Row from(VisitorList.Row r) {
            return new Row(r.visitorId(), r.lastSeenAt() == null ? null : WireValues.timestamp(r.lastSeenAt()),
                    r.currentUrl(), new Identity(r.countryCode(), r.region(), r.city(), r.browser(), r.os(), r.device()),
                    new Acquisition(r.referrer(), r.utmSource(), r.utmMedium(), r.utmCampaign()));
        }
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"country", "region", "city", "browser", "os", "device"})
    public record Identity(
            @JsonProperty("country") @Nullable String country,
            @JsonProperty("region") @Nullable String region,
            @JsonProperty("city") @Nullable String city,
            @JsonProperty("browser") @Nullable String browser,
            @JsonProperty("os") @Nullable String os,
            @JsonProperty("device") @Nullable String device) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"referrer", "utm_source", "utm_medium", "utm_campaign"})
    public record Acquisition(
            @JsonProperty("referrer") @Nullable String referrer,
            @JsonProperty("utm_source") @Nullable String utmSource,
            @JsonProperty("utm_medium") @Nullable String utmMedium,
            @JsonProperty("utm_campaign") @Nullable String utmCampaign) {
    }

    @JsonInclude(Include.ALWAYS)
    @JsonPropertyOrder({"offset", "limit", "total", "hasMore"})
    public record Pagination(
            @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit,
            @JsonProperty("total") long total,
            @JsonProperty("hasMore") boolean hasMore) {
    }
}
