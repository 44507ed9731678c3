package dev.chunkwise.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chunkwise.Position;
import dev.chunkwise.Scan;
import dev.chunkwise.testing.TestDatabase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Position tokens that are not what this scan wrote are refused, saying why, and never resumed from. */
class MalformedPositionTokenTest {

    private static final TestDatabase DATABASE = TestDatabase.H2;
    private static Scan<Long> scan;
    private static Scan<Long> otherScan;
    private static String token;

    @BeforeAll
    static void createScans() {
        ReliabilitySupport.createNumbered(DATABASE, "rel_token", 30, 10);
        DATABASE.drop("rel_token_text");
        DATABASE.execute("CREATE TABLE rel_token_text (name VARCHAR(20) PRIMARY KEY)");
        scan = Scan.over(DATABASE.dataSource())
                .table("rel_token")
                .orderBy("id")
                .chunkSize(5)
                .build(row -> row.getLong("id"));
        otherScan = Scan.over(DATABASE.dataSource())
                .table("rel_token")
                .orderBy("id desc")
                .chunkSize(5)
                .build(row -> row.getLong("id"));
        token = scan.position(12L).token();
    }

    private static byte[] bytes(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static String text(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Bytes with a correct checksum over everything before it, as a forger would write them. */
    private static String withChecksum(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return text(ByteBuffer.allocate(body.length + 4)
                .put(body)
                .putInt((int) crc.getValue())
                .array());
    }

    @Test
    void theGenuineTokenResumesAtItsPosition() {
        assertThat(scan.parsePosition(token)).isEqualTo(scan.position(12L));
        assertThat(scan.parsePosition("  " + token + "\n")).isEqualTo(scan.position(12L));
    }

    @Test
    void emptyAndBlankTokensAreRefused() {
        assertThatThrownBy(() -> scan.parsePosition(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> scan.parsePosition("   "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> scan.parsePosition(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void textThatIsNotUrlSafeBase64IsRefused() {
        for (String notBase64 :
                new String[] {"not a token!", token + "*", "Ab+/cd==", "%%%%", token.replace('A', '.')}) {
            assertThatThrownBy(() -> scan.parsePosition(notBase64))
                    .as(notBase64)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("base64");
        }
    }

    @Test
    void everyTruncationIsRefused() {
        for (int length = 1; length < token.length(); length++) {
            String truncated = token.substring(0, length);
            Throwable refused = catchThrowable(() -> scan.parsePosition(truncated));
            assertThat(refused)
                    .as("token cut to %d characters", length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed position token");
        }
        byte[] whole = bytes(token);
        for (int length = 1; length < whole.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> scan.parsePosition(text(cut)))
                    .as("token cut to %d bytes", cut.length)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("malformed position token: (truncated|checksum mismatch).*|"
                            + "position token of format version .*");
        }
    }

    @Test
    void everySingleByteChangeIsRefused() {
        byte[] original = bytes(token);
        for (int index = 0; index < original.length; index++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = original.clone();
                tampered[index] ^= (byte) (1 << bit);
                String changed = text(tampered);
                assertThatThrownBy(() -> scan.parsePosition(changed))
                        .as("byte %d bit %d", index, bit)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching("malformed position token: checksum mismatch.*|"
                                + "position token of format version .*");
            }
        }
    }

    @Test
    void aChangedCharacterIsRefusedOrReadsAsTheSamePosition() {
        // the last character carries bits that base64 decoding drops; any other change is refused
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int index = 0; index < token.length(); index++) {
            for (char replacement : alphabet.toCharArray()) {
                if (replacement == token.charAt(index)) {
                    continue;
                }
                String changed = token.substring(0, index) + replacement + token.substring(index + 1);
                Throwable refused = catchThrowable(() -> scan.parsePosition(changed));
                if (refused == null) {
                    assertThat(scan.parsePosition(changed)).as(changed).isEqualTo(scan.position(12L));
                } else {
                    assertThat(refused).isInstanceOf(IllegalArgumentException.class);
                }
            }
        }
    }

    @Test
    void anotherFormatVersionIsRefusedNamingTheVersion() {
        byte[] body = bytes(token);
        byte[] withoutChecksum = java.util.Arrays.copyOf(body, body.length - 4);
        withoutChecksum[0] = 2;
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(withoutChecksum)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2")
                .hasMessageContaining("reads version 1");
        withoutChecksum[0] = 0;
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(withoutChecksum)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 0");
    }

    @Test
    void anotherScansTokenIsRefused() {
        String others = otherScan.position(12L).token();
        assertThatThrownBy(() -> scan.parsePosition(others))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        assertThatThrownBy(() -> scan.startAfter(Position.parse(others)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
        Scan<String> textScan = Scan.over(DATABASE.dataSource())
                .table("rel_token_text")
                .orderBy("name")
                .build(row -> row.getString(1));
        String textToken = textScan.position("x").token();
        assertThatThrownBy(() -> scan.parsePosition(textToken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different scan");
    }

    @Test
    void aForgedTokenWithAValidChecksumButWrongValuesIsRefused() {
        long fingerprint = ByteBuffer.wrap(bytes(token), 1, 8).getLong();
        // the right fingerprint, a text value where the key is a number
        byte[] text = "twelve".getBytes(StandardCharsets.UTF_8);
        ByteBuffer wrongType = ByteBuffer.allocate(1 + 8 + 1 + 1 + 4 + text.length);
        wrongType
                .put((byte) 1)
                .putLong(fingerprint)
                .put((byte) 1)
                .put((byte) 'S')
                .putInt(text.length)
                .put(text);
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(wrongType.array())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got a String");
        // two values where the order has one key
        ByteBuffer twoValues = ByteBuffer.allocate(1 + 8 + 1 + 9 + 9);
        twoValues
                .put((byte) 1)
                .putLong(fingerprint)
                .put((byte) 2)
                .put((byte) 'L')
                .putLong(1)
                .put((byte) 'L')
                .putLong(2);
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(twoValues.array())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 key values");
        // a count of values larger than the values present
        ByteBuffer missing = ByteBuffer.allocate(1 + 8 + 1 + 9);
        missing.put((byte) 1).putLong(fingerprint).put((byte) 3).put((byte) 'L').putLong(1);
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(missing.array())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        // an unknown value tag
        ByteBuffer unknownTag = ByteBuffer.allocate(1 + 8 + 1 + 9);
        unknownTag
                .put((byte) 1)
                .putLong(fingerprint)
                .put((byte) 1)
                .put((byte) '?')
                .putLong(1);
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(unknownTag.array())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown value tag");
        // a string length far beyond the token
        ByteBuffer hugeLength = ByteBuffer.allocate(1 + 8 + 1 + 1 + 4);
        hugeLength
                .put((byte) 1)
                .putLong(fingerprint)
                .put((byte) 1)
                .put((byte) 'S')
                .putInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> scan.parsePosition(withChecksum(hugeLength.array())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }
}
