package launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What rank JVMs report of their own failure: the marked stderr lines {@link RankJvm} writes
 * (the exception, then its stack trace; or a main that returned without MPI.Finalize), kept per
 * rank for the launcher's summary.
 */
final class RankReports {

    private final List<List<String>> reports = new ArrayList<>();
    /** Ranks that ended the run with an ExitStatus, and its line. */
    private final java.util.Map<Integer, Failure> exits = new java.util.concurrent.ConcurrentHashMap<>();

    RankReports(int ranks) {
        for (int r = 0; r < ranks; r++) {
            reports.add(Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /** Keeps a marked line of rank {@code rank}; false for an ordinary line, which goes to the user. */
    boolean take(int rank, String line) {
        if (rank < 0 || rank >= reports.size()) {
            return false;
        }
        if (line.startsWith(RankJvm.FAIL)) {
            reports.get(rank).add(0, "failed: " + line.substring(RankJvm.FAIL.length()));
            return true;
        }
        if (line.equals(RankJvm.UNFINALIZED)) {
            reports.get(rank).add(0, Failure.UNFINALIZED);
            return true;
        }
        if (line.startsWith(RankJvm.EXIT)) {
            String rest = line.substring(RankJvm.EXIT.length());
            int space = rest.indexOf(' ');
            try {
                exits.put(rank, new Failure(-1, rest.substring(space + 1), Integer.parseInt(rest.substring(0, space)),
                        List.of()));
            } catch (RuntimeException malformed) {
                return false;
            }
            return true;
        }
        if (line.startsWith(RankJvm.TRACE)) {
            reports.get(rank).add(line.substring(RankJvm.TRACE.length()));
            return true;
        }
        return false;
    }

    /** What rank {@code rank} reported, or null if it reported nothing. */
    Failure of(int rank) {
        if (rank < 0 || rank >= reports.size()) {
            return null;
        }
        Failure exit = exits.get(rank);
        if (exit != null) {
            return exit;
        }
        List<String> report = reports.get(rank);
        synchronized (report) {
            return report.isEmpty() ? null
                    : Failure.reported(rank, report.get(0), List.copyOf(report.subList(1, report.size())));
        }
    }

    /** The report of the lowest-numbered rank that made one, or null. */
    Failure first() {
        for (int r = 0; r < reports.size(); r++) {
            Failure f = of(r);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
