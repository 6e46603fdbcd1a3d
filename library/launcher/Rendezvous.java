package launcher;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import mpjfix.Fix;
import mpjfix.RunSecret;
import mpjfix.RunSecretFix;

/**
 * MPJ Express's niodev start-up, answered by the launcher on a port the system picks: each rank
 * says where it listens; once all have, every rank gets the whole list. With the run's secret (the
 * 'secret' fix, on by default) a connection counts only after it proved it comes from this run
 * (mpjfix.RunSecret); any other is closed unread but for its first bytes, and said in one line. A
 * rank's watch connection (srun runs, RankJvm.beat) goes to {@code watch}; with one, connections
 * are taken until the rendezvous closes, else until every rank has its answer.
 */
final class Rendezvous implements AutoCloseable {

    private final ServerSocket server;
    private final int np;
    private final String secret;
    private final Consumer<Socket> watch;
    private final Consumer<String> refused;
    private final String name;
    private final Runnable allIn;

    private Rendezvous(ServerSocket server, int np, String secret, Consumer<Socket> watch, Consumer<String> refused,
                       String name, Runnable allIn) {
        this.server = server;
        this.np = np;
        this.secret = secret;
        this.watch = watch;
        this.refused = refused;
        this.name = name;
        this.allIn = allIn;
    }

    /**
     * Listens on {@code address} for the {@code np} ranks of a run named {@code name} in messages;
     * a refused stranger is said to {@code refused}, watch connections go to {@code watch} (null: none);
     * {@code allIn} runs once every rank has its answer.
     */
    /**
     * How many connections may wait to be accepted: every rank reports in at about the same time,
     * and srun's tasks also connect to be watched, so room for two per rank (and never few).
     */
    static int backlog(int np) {
        return Math.max(50, 2 * np);
    }

    /**
     * Messages larger than this (bytes) go by MPJ Express's rendezvous protocol on niodev (the
     * receiver is asked first), smaller ones eagerly; the value MPJ Express's own configuration has.
     */
    static final int PROTOCOL_SWITCH_BYTES = 131072;

    static Rendezvous open(InetAddress address, int backlog, int np, List<Fix> fixes, Consumer<Socket> watch,
                           Consumer<String> refused, String name, Runnable allIn) throws IOException {
        String secret = fixes.stream().anyMatch(f -> f instanceof RunSecretFix) ? RunSecret.create() : null;
        Rendezvous r = new Rendezvous(new ServerSocket(0, backlog, address), np, secret, watch, refused, name, allIn);
        Thread answer = new Thread(r::answer, "rendezvous");
        answer.setDaemon(true);
        answer.start();
        return r;
    }

    /** MPJ Express's niodev configuration, passed to every rank: how many, and where to report in. */
    String config() {
        return "#temp line;#Number of Processes;" + np + ";#Protocol Switch Limit;" + PROTOCOL_SWITCH_BYTES
                + ";#Server Name;" + server.getInetAddress().getHostAddress() + ";#Server Port;" + server.getLocalPort();
    }

    /** This run's secret for the ranks' environment (mpjfix.RunSecret.ENV), or null when the 'secret' fix is left out. */
    String secret() {
        return secret;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    private void answer() {
        String[] peers = new String[np];
        List<Socket> sockets = new ArrayList<>();
        byte[] key = secret == null ? null : RunSecret.parse(secret);
        try {
            while (sockets.size() < np || watch != null) {
                Socket s = server.accept();
                if (key != null) {
                    RunSecret.Checked c;
                    try {
                        c = RunSecret.check(s, key, RunSecret.RENDEZVOUS, RunSecret.WATCH);
                    } catch (IOException e) {
                        c = new RunSecret.Checked((byte) 0, RunSecret.SILENT); // reset before a byte: nothing read
                    }
                    if (c.refusal() != null && !c.refusal().equals(RunSecret.SILENT)) {
                        refused.accept(name + ": refused a connection to the ranks' rendezvous from "
                                + s.getRemoteSocketAddress().toString().replaceFirst("^/", "") + ": " + c.refusal()
                                + " (only the ranks of this run may connect)");
                    }
                    if (c.refusal() != null) {
                        s.close();
                        continue;
                    }
                    if (c.kind() == RunSecret.WATCH) {
                        if (watch != null) {
                            watch.accept(s);
                        } else {
                            s.close();
                        }
                        continue;
                    }
                }
                if (sockets.size() == np) {
                    s.close(); // a rank that reports in twice: nothing to answer
                    continue;
                }
                sockets.add(s);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                in.readUTF(); // "Sending Info"
                int writePort = in.readInt();
                int readPort = in.readInt();
                int rank = in.readInt();
                peers[rank] = s.getInetAddress().getHostAddress() + "@" + readPort + "@" + writePort + "@" + rank + "@0";
                if (sockets.size() == np) {
                    String reply = "#Peer Information;" + String.join(";", peers);
                    for (Socket each : sockets) {
                        DataOutputStream out = new DataOutputStream(each.getOutputStream());
                        out.writeUTF(reply);
                        out.flush();
                        each.close();
                    }
                    allIn.run();
                }
            }
        } catch (IOException | RuntimeException e) {
            // A rank died before it reported in, or the run is over; the supervisor sees to the rest.
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
            }
        }
    }
}
