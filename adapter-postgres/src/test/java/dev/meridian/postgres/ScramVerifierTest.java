package dev.meridian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The verifier's bytes against an independent computation (Python's {@code hashlib.pbkdf2_hmac} and {@code hmac}, RFC
 * 7677's salt and password "pencil"), with PostgreSQL's default 4,096 iterations and with the one this class uses.
 */
class ScramVerifierTest {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void makesTheVerifierPostgresqlStoresForAPasswordSaltAndIterationCount() {
        assertThat(ScramVerifier.of("pencil", SALT, 4096)).isEqualTo("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ=="
                + "$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
        assertThat(ScramVerifier.of("pencil", SALT, 1)).isEqualTo("SCRAM-SHA-256$1:W22ZaJ0SNY7soEsUEjb6gQ=="
                + "$bzcn5wYzlcMpEXczzDM1iuyLhni5BVbqsm82vjMHWXI=:fg/vS0Y425LcbLGWSqdzrFlRn9451QblzgpwLQYoXCI=");
    }

    @Test
    void aNewVerifierTakesOneIterationAndARandomSalt() {
        String one = ScramVerifier.of("pencil");
        String other = ScramVerifier.of("pencil");
        assertThat(ScramVerifier.iterations(one)).isEqualTo(1);
        assertThat(one).isNotEqualTo(other);
    }

    @Test
    void readsTheIterationCountOfAStoredVerifierAndMinusOneForAnythingElse() {
        assertThat(ScramVerifier.iterations("SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5")).isEqualTo(4096);
        assertThat(ScramVerifier.iterations("md5d41d8cd98f00b204e9800998ecf8427e")).isEqualTo(-1);
        assertThat(ScramVerifier.iterations(null)).isEqualTo(-1);
    }

    @Test
    void refusesPasswordsSaslprepWouldChange() {
        assertThatThrownBy(() -> ScramVerifier.of("pässword")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramVerifier.of("with space")).isInstanceOf(IllegalArgumentException.class);
    }
}
