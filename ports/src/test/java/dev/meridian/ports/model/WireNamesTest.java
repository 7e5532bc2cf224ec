package dev.meridian.ports.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The enums' wire names are the contract's (API.md §1–§3): a renamed constant must not change them. */
class WireNamesTest {

    @Test
    void eventTypesHaveTheTrackersWireNames() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::wireName))
                .containsExactly("pageview", "custom", "identify", "payment", "external_link");
    }

    @Test
    void anEventTypeIsFoundByItsExactWireNameOnly() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.fromWireName(type.wireName())).contains(type);
        }
        assertThat(EventType.fromWireName("PAGEVIEW")).isEmpty();
        assertThat(EventType.fromWireName("EXTERNAL_LINK")).isEmpty();
        assertThat(EventType.fromWireName("click")).isEmpty();
        assertThat(EventType.fromWireName(null)).isEmpty();
    }

    @Test
    void permissionsHaveTheWireNamesOfAccountTokens() {
        assertThat(Arrays.stream(Permission.values()).map(Permission::wireName)).containsExactly(
                "analytics:read", "goals:write", "payments:write", "identify:write", "websites:read",
                "websites:write", "*");
    }

    @Test
    void aPermissionIsFoundByItsExactWireNameOnly() {
        for (Permission permission : Permission.values()) {
            assertThat(Permission.fromWireName(permission.wireName())).contains(permission);
        }
        assertThat(Permission.fromWireName("ANALYTICS_READ")).isEmpty();
        assertThat(Permission.fromWireName("analytics:write")).isEmpty();
        assertThat(Permission.fromWireName("")).isEmpty();
        assertThat(Permission.fromWireName(null)).isEmpty();
    }

    @Test
    void paymentTypesHaveTheMapsWireNames() {
        assertThat(PaymentType.PAYMENT_RECEIVED.wireName()).isEqualTo("payment_received");
        assertThat(PaymentType.FREE_TRIAL.wireName()).isEqualTo("free_trial");
    }
}
