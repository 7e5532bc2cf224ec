package dev.meridian.core.access.bench;

import dev.meridian.core.MutableClock;
import dev.meridian.core.ids.ObjectIds;
import dev.meridian.core.access.CredentialCheck;
import dev.meridian.core.admin.WebsiteAdministration;
import dev.meridian.core.store.InMemoryStore;
import dev.meridian.ports.error.UnauthorizedException;
import dev.meridian.ports.in.NewWebsite;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints how long {@link CredentialCheck} takes to refuse each kind of bad credential (in-memory store, so the
 * figures are the check's own work): a harness, not a test. The kinds should not differ beyond noise.
 *
 * <pre>
 * ./mvnw -B -q -o -pl core -am test-compile
 * java -cp core/target/test-classes:core/target/classes:ports/target/classes dev.meridian.core.access.bench.RefusalTimings
 * </pre>
 */
public final class RefusalTimings {

    private static final int ROUNDS = 7;
    private static final int CALLS = 200_000;

    private RefusalTimings() {
    }

    public static void main(String[] args) {
        InMemoryStore store = new InMemoryStore();
        WebsiteAdministration admin = new WebsiteAdministration(store.websites(), store.credentials(),
                new MutableClock(), new ObjectIds());
        String key = admin.createApiKey(admin.create(new NewWebsite("example.com", null, null, null)).id());
        CredentialCheck check = new CredentialCheck(store.credentials(), store.websites());
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("wrong key (last digit)", key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0"));
        kinds.put("unknown key", "df_" + "0".repeat(64));
        kinds.put("unknown token", "dft_" + "0".repeat(64));
        kinds.put("unknown prefix", "xx_" + "0".repeat(64));
        for (Map.Entry<String, String> kind : kinds.entrySet()) {
            String header = "Bearer " + kind.getValue();
            long[] nanosPerCall = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    try {
                        check.authenticate(header);
                    } catch (UnauthorizedException refused) {
                        // expected
                    }
                }
                nanosPerCall[round] = (System.nanoTime() - start) / CALLS;
            }
            Arrays.sort(nanosPerCall);
            System.out.printf("%-24s median %4d ns per refusal (rounds %s)%n", kind.getKey(), nanosPerCall[ROUNDS / 2],
                    Arrays.toString(nanosPerCall));
        }
    }
}
