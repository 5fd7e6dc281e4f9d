package dev.lectern.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserIdTest {

    @Test
    void rangesMatchTheContract() {
        assertThat(UserId.MAX_AGORA_UID).isEqualTo(4_294_967_295L);
        assertThat(UserId.FIRST_RESERVED).isEqualTo(4_294_967_280L);
        assertThat(UserId.MAX).isEqualTo(4_294_967_279L);
        assertThat(UserId.MAX_AGORA_UID - UserId.FIRST_RESERVED + 1).isEqualTo(16);
    }

    @Test
    void aPersonIsOneToTheLastUnreservedUid() {
        assertThat(UserId.isPerson(1)).isTrue();
        assertThat(UserId.isPerson(UserId.MAX)).isTrue();
        assertThat(UserId.isPerson(0)).isFalse();
        assertThat(UserId.isPerson(-1)).isFalse();
        assertThat(UserId.isPerson(UserId.FIRST_RESERVED)).isFalse();
        assertThat(UserId.isPerson(UserId.MAX_AGORA_UID)).isFalse();
        assertThat(UserId.isPerson(Long.MAX_VALUE)).isFalse();
        assertThat(UserId.isPerson(Long.MIN_VALUE)).isFalse();
        assertThatThrownBy(() -> new UserId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId(UserId.FIRST_RESERVED)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UserId(42).value()).isEqualTo(42);
    }

    @Test
    void agoraUidsAndReservedUids() {
        assertThat(UserId.isAgoraUid(0)).isTrue();
        assertThat(UserId.isAgoraUid(UserId.MAX_AGORA_UID)).isTrue();
        assertThat(UserId.isAgoraUid(UserId.MAX_AGORA_UID + 1)).isFalse();
        assertThat(UserId.isAgoraUid(-1)).isFalse();
        assertThat(UserId.isReserved(UserId.FIRST_RESERVED)).isTrue();
        assertThat(UserId.isReserved(UserId.MAX_AGORA_UID)).isTrue();
        assertThat(UserId.isReserved(UserId.MAX)).isFalse();
        assertThat(UserId.isReserved(UserId.MAX_AGORA_UID + 1)).isFalse();
    }

    @Test
    void parseTakesOnlyCanonicalDecimalsOfPeople() {
        assertThat(UserId.parse("1")).contains(new UserId(1));
        assertThat(UserId.parse("4294967279")).contains(new UserId(UserId.MAX));
        for (String hostile : new String[] {
            null,
            "",
            " 1",
            "1 ",
            "01",
            "+1",
            "-1",
            "0",
            "1.0",
            "1e3",
            "0x10",
            "4294967280",
            "4294967295",
            "4294967296",
            "99999999999",
            "9223372036854775808",
            "١٢",
            "1\u0000"
        }) {
            assertThat(UserId.parse(hostile)).as("%s", hostile).isEmpty();
        }
    }
}
