package dev.meridian.ports.model;

/** How a payment shows on the map, with its wire name. */
public enum PaymentType {
    PAYMENT_RECEIVED("payment_received"),
    FREE_TRIAL("free_trial");

    private final String wireName;

    PaymentType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
