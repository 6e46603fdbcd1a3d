package mpjfix;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proof that a connection comes from a process of the same run: the launcher makes a secret
 * for each run and hands it to its ranks in their environment ({@link #ENV}; never on a command
 * line, which every user of the machine can read). Whoever opens a connection into the run sends
 * first a kind byte and an HMAC-SHA256, under the secret, of that byte and the connection's two
 * ends (so a proof seen on the wire is worth nothing on another connection); whoever accepts it
 * reads those 33 bytes before anything else and closes the connection unless they are right.
 * Used by the launcher's rendezvous and, through {@link RunSecretFix}, by niodev's own sockets.
 */
public final class RunSecret {

    /** The environment variable holding the run's secret (hex). */
    public static final String ENV = "MPJ_RUN_SECRET";
    /** Kinds of connection: niodev peer to peer, a rank to the launcher's rendezvous, a rank's watch. */
    public static final byte PEER = 'P';
    public static final byte RENDEZVOUS = 'R';
    public static final byte WATCH = 'W';
    /** How long an accepted connection has to send its proof. */
    public static final int PROOF_MILLIS = 10_000;
    static final int LENGTH = 1 + 32;
    /**
     * The refusal of a connection that ended (or was reset) before it sent a byte: nothing of it
     * was read, so it is closed without a word too (a rank of this run killed while it connected
     * does this).
     */
    public static final String SILENT = "it closed the connection without a word";

    private static final Map<SelectableChannel, SocketChannel> ADMITTED = new ConcurrentHashMap<>();
    private static byte[] key;

    private RunSecret() {
    }

    /** A new secret for one run. */
    public static String create() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Reads the secret and makes one proof, so that the first real one, sent while a peer's
     * selector thread waits for it, costs no class loading. Does nothing without a secret.
     */
    public static void warmUp() {
        if (System.getenv(ENV) != null) {
            InetSocketAddress any = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
            proof(key(), PEER, any, any);
        }
    }

    private static synchronized byte[] key() {
        if (key == null) {
            String hex = System.getenv(ENV);
            if (hex == null || hex.isBlank()) {
                throw new IllegalStateException(ENV + " is not set: this rank was not started by the project's"
                        + " launcher, so it cannot prove to its peers that it belongs to their run");
            }
            key = HexFormat.of().parseHex(hex.trim());
        }
        return key;
    }

    /** The 33 bytes that prove a connection from {@code from} to {@code to} of this kind, under {@code secret}. */
    public static byte[] proof(byte[] secret, byte kind, SocketAddress from, SocketAddress to) {
        byte[] ends = (end(from) + ">" + end(to)).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[LENGTH];
        out[0] = kind;
        System.arraycopy(hmacSha256(secret, new byte[] {kind}, ends), 0, out, 1, LENGTH - 1);
        return out;
    }

    /**
     * HMAC-SHA256 (RFC 2104) of the parts, one after the other, under {@code key}, built on the
     * JDK's SHA-256 {@link MessageDigest}. Not javax.crypto.Mac, which gives the same bytes: its
     * first use in a JVM loads the JCE's policy files and looks through every security provider,
     * processor time that every rank JVM paid before it could connect, many times the digest's.
     */
    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        MessageDigest sha = sha256();
        byte[] k = key.length > BLOCK ? sha.digest(key) : key;
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        sha.update(inner);
        for (byte[] part : parts) {
            sha.update(part);
        }
        byte[] innerHash = sha.digest();
        sha.update(outer);
        return sha.digest(innerHash);
    }

    /** SHA-256's block size in bytes. */
    private static final int BLOCK = 64;
    private static MessageDigest sha256;

    /** A new SHA-256 digest, copied from one made once (a rank makes hundreds; getInstance looks up the provider each time). */
    private static synchronized MessageDigest sha256() {
        try {
            if (sha256 == null) {
                sha256 = MessageDigest.getInstance("SHA-256");
            }
            return (MessageDigest) sha256.clone();
        } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
            throw new IllegalStateException("no SHA-256 digest in this JVM that can be copied", e);
        }
    }

    private static String end(SocketAddress a) {
        InetSocketAddress i = (InetSocketAddress) a;
        return i.getAddress().getHostAddress() + ":" + i.getPort();
    }

    /** Sends the proof on a connected socket, as the side that opened it. */
    public static void prove(Socket s, byte kind) throws IOException {
        s.getOutputStream().write(proof(key(), kind, s.getLocalSocketAddress(), s.getRemoteSocketAddress()));
        s.getOutputStream().flush();
    }

    /** niodev's connection to the launcher's rendezvous (fixed NIODevice.init): the proof goes first. */
    public static void proveRendezvous(Socket s) throws IOException {
        prove(s, RENDEZVOUS);
    }

    /** niodev's connection to a peer (fixed NIODevice.init; the channel blocks): connect, then prove. */
    public static boolean connect(SocketChannel ch, SocketAddress to) throws IOException {
        boolean connected = ch.connect(to);
        if (connected) {
            ByteBuffer b = ByteBuffer.wrap(proof(key(), PEER, ch.getLocalAddress(), ch.getRemoteAddress()));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        return connected;
    }

    /** What the first bytes of an accepted connection said: its kind, or why it is refused (then kind is 0). */
    public record Checked(byte kind, String refusal) {
    }

    /**
     * Reads exactly the proof from the connection on {@code s} (accepted, blocking) and checks it
     * against {@code secret}: its kind, which must be one of {@code kinds}, or why it is refused.
     */
    public static Checked check(Socket s, byte[] secret, byte... kinds) throws IOException {
        int old = s.getSoTimeout();
        s.setSoTimeout(PROOF_MILLIS);
        try {
            InputStream in = s.getInputStream();
            byte[] got = new byte[LENGTH];
            int n = 0;
            while (n < LENGTH) {
                int r = in.read(got, n, n == 0 ? 1 : LENGTH - n);
                if (r < 0) {
                    return new Checked((byte) 0, n == 0 ? SILENT : "it sent too little");
                }
                if (n == 0 && new String(kinds, StandardCharsets.ISO_8859_1).indexOf(got[0] & 0xff) < 0) {
                    return new Checked((byte) 0, "it did not begin with a proof of the run's secret");
                }
                n += r;
            }
            byte[] want = proof(secret, got[0], s.getRemoteSocketAddress(), s.getLocalSocketAddress());
            return MessageDigest.isEqual(got, want) ? new Checked(got[0], null)
                    : new Checked((byte) 0, "its proof of the run's secret is wrong");
        } catch (SocketTimeoutException e) {
            return new Checked((byte) 0, "it sent no proof of the run's secret within " + PROOF_MILLIS / 1000 + " s");
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(old);
            }
        }
    }

    /** The secret as the launcher holds it (hex, as put in the ranks' environment). */
    public static byte[] parse(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /**
     * In place of niodev's {@code serverChannel.isOpen()} in {@code NIODevice.doAccept}: accepts the
     * waiting connection and keeps it for {@link #admitted} if it proves it is a peer of this run;
     * refuses it (closed, one line on stderr) otherwise. False makes doAccept return at once, as it
     * does for a closed server channel, so a refused connection never reaches MPJ.
     */
    public static boolean admit(SelectableChannel server) throws IOException {
        if (!server.isOpen()) {
            return false;
        }
        SocketChannel c = ((ServerSocketChannel) server).accept();
        if (c == null) {
            return false; // nobody was waiting after all
        }
        String why;
        try {
            why = check(c.socket(), key(), PEER).refusal();
        } catch (IOException e) {
            why = SILENT; // reset before it sent a byte: nothing was read
        }
        if (why == null) {
            ADMITTED.put(server, c);
            return true;
        }
        String from = String.valueOf(c.socket().getRemoteSocketAddress()).replaceFirst("^/", "");
        int port = c.socket().getLocalPort();
        c.close();
        if (!why.equals(SILENT)) {
            System.err.println("niodev: refused a connection from " + from + " to port " + port + ": " + why
                    + " (only the ranks of this run may connect)");
        }
        return false;
    }

    /** In place of niodev's {@code serverChannel.accept()} in doAccept: the connection {@link #admit} let in. */
    public static SocketChannel admitted(ServerSocketChannel server) {
        return ADMITTED.remove(server);
    }
}
