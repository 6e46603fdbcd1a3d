//SOURCES ../library/mpjfix/*.java
package mpjfix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The run secret's proofs: HMAC-SHA256 as the RFC and javax.crypto.Mac give it, checked on a real connection. */
@Tag("quick")
@DisplayName("run secret's proof (unit)")
class RunSecretTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static byte[] repeat(int b, int n) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, (byte) b);
        return a;
    }

    @Test
    void hmacGivesTheRfc4231TestVectors() {
        // RFC 4231, test cases 1, 2 and 6 (6: a key longer than SHA-256's block, hashed first)
        assertThat(RunSecret.hmacSha256(repeat(0x0b, 20), "Hi There".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
        assertThat(RunSecret.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want ".getBytes(StandardCharsets.US_ASCII), "for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        assertThat(RunSecret.hmacSha256(repeat(0xaa, 131),
                "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
    }

    @Test
    void hmacGivesWhatJavaxCryptoMacGivesForKeysOfEveryLengthAroundTheBlock() throws Exception {
        Random random = new Random(19);
        for (int keyLength : new int[] {1, 31, 32, 63, 64, 65, 200}) {
            for (int messageLength : new int[] {0, 1, 33, 64, 1000}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[messageLength];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] want = mac.doFinal(message);
                byte[] got = RunSecret.hmacSha256(key, message);
                assertThat(got).as("key of %d bytes, message of %d", keyLength, messageLength).isEqualTo(want);
            }
        }
    }

    @Test
    void aProofIsTheKindThenTheMacOfTheKindAndBothEnds() throws Exception {
        byte[] secret = hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 40123);
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("10.0.0.9"), 5002);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        mac.update(RunSecret.PEER);
        byte[] want = mac.doFinal("10.0.0.7:40123>10.0.0.9:5002".getBytes(StandardCharsets.UTF_8));
        byte[] proof = RunSecret.proof(secret, RunSecret.PEER, from, to);
        assertThat(proof).hasSize(33);
        assertThat(proof[0]).isEqualTo(RunSecret.PEER);
        assertThat(java.util.Arrays.copyOfRange(proof, 1, 33)).isEqualTo(want);
    }

    @Test
    void onARealConnectionTheRightProofIsTakenAndOneUnderAnotherSecretOrForOtherEndsIsNot() throws Exception {
        byte[] secret = repeat(7, 32);
        byte[] other = repeat(8, 32);
        assertThat(sendAndCheck(secret, secret, false)).isEqualTo(new RunSecret.Checked(RunSecret.PEER, null));
        assertThat(sendAndCheck(other, secret, false).refusal()).isEqualTo("its proof of the run's secret is wrong");
        assertThat(sendAndCheck(secret, secret, true).refusal()).isEqualTo("its proof of the run's secret is wrong");
    }

    /** Connects on loopback, sends a proof under {@code sent} (for the reversed ends if asked), checks it under {@code expected}. */
    private static RunSecret.Checked sendAndCheck(byte[] sent, byte[] expected, boolean reversed) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.getOutputStream().write(reversed
                    ? RunSecret.proof(sent, RunSecret.PEER, client.getRemoteSocketAddress(), client.getLocalSocketAddress())
                    : RunSecret.proof(sent, RunSecret.PEER, client.getLocalSocketAddress(), client.getRemoteSocketAddress()));
            client.getOutputStream().flush();
            return RunSecret.check(accepted, expected, RunSecret.PEER);
        }
    }
}
