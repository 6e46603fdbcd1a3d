package launcher;

import java.util.Arrays;
import java.util.List;

/**
 * What a node must allow before niodev ranks start there, checked so that a run that would fail
 * somewhere inside MPJ Express is refused at once, in one line that says what to change:
 * <ul>
 *   <li>open files: every niodev rank holds two connections to each other rank, so a rank JVM
 *       needs about 2 x ranks files (a node's {@code ulimit -n} of 1024 stops a run of about 500
 *       ranks, however many nodes it has), and the launcher on this machine a pipe pair and a
 *       connection per local rank;</li>
 *   <li>memory: the heaps of the rank JVMs on one node together must fit the node's memory, or
 *       the job's share of it where SLURM gives one ({@code --mem}, {@code --mem-per-cpu}).</li>
 * </ul>
 */
final class NodeLimits {

    /** Files a rank JVM holds besides its connections to the others (jars, pipes, its own sockets), with room for the program's. */
    static final int OWN_FILES = 64;
    /** The smallest and largest heap {@link #heapMegabytes} gives a rank JVM. */
    static final long LEAST_HEAP_MB = 64;
    static final long MOST_HEAP_MB = 2048;

    private NodeLimits() {
    }

    /** Open files one rank JVM needs in a niodev run of {@code ranks} ranks. */
    static long filesPerRank(int ranks) {
        return 2L * ranks + OWN_FILES;
    }

    /** Open files the launcher needs to start {@code localRanks} rank JVMs itself: two pipes and a connection each. */
    static long filesForLauncher(int localRanks) {
        return 3L * localRanks + OWN_FILES;
    }

    /**
     * Refuses a niodev run of {@code ranks} ranks, {@code perNode} of them on each node
     * ({@code localRanks} started by this JVM itself), that this machine's limits cannot hold:
     * BadInput, naming the limit, what the run needs, and what to change.
     */
    static void check(int ranks, int perNode, int localRanks) {
        long need = Math.max(filesPerRank(ranks), filesForLauncher(localRanks));
        long have = maxOpenFiles();
        if (have > 0 && have < need) {
            throw new BadInput("-np " + ranks + " -dev niodev needs " + need + " open files per JVM (two connections from"
                    + " each rank to each other rank" + (localRanks > 0 ? ", three files per rank for the launcher" : "")
                    + "), but this shell allows " + have + " (ulimit -Hn); raise the limit (ulimit -n " + need
                    + ", or ask the cluster's administrators), or run fewer ranks");
        }
        Memory memory = Memory.ofNode();
        long heap = heapMegabytes(perNode, memory.megabytes());
        if (heap * perNode > memory.megabytes()) {
            throw new BadInput(perNode + " rank JVMs on one node with " + heap + " MB of heap each need " + heap * perNode
                    + " MB, more than the " + memory.megabytes() + " MB " + memory.whose() + "; " + memory.remedy());
        }
    }

    /**
     * The most files a JVM may open here: its soft limit, which the JVM raises to the hard limit as
     * it starts (the ranks' JVMs do the same); -1 where it cannot tell.
     */
    static long maxOpenFiles() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /**
     * Each rank JVM's largest heap where {@code perNode} of them share {@code nodeMegabytes} of
     * memory: the memory shared by twice their number, between {@link #LEAST_HEAP_MB} and
     * {@link #MOST_HEAP_MB}, so that all of them together cannot ask for more than half of it
     * (a JVM's default is a quarter each); a rank needs about 35 MB besides. An -Xmx of the user's
     * in MPJ_RANK_JAVA_OPTIONS wins.
     */
    static long heapMegabytes(int perNode, long nodeMegabytes) {
        String own = Environment.MPJ_RANK_JAVA_OPTIONS.value();
        if (own != null) {
            List<String> xmx = Arrays.stream(own.trim().split("\\s+")).filter(o -> o.startsWith("-Xmx")).toList();
            if (!xmx.isEmpty()) {
                long mb = megabytes(xmx.get(xmx.size() - 1).substring(4));
                if (mb > 0) {
                    return mb;
                }
            }
        }
        return Math.max(LEAST_HEAP_MB, Math.min(MOST_HEAP_MB, nodeMegabytes / (2L * Math.max(1, perNode))));
    }

    /** A JVM size such as 512m, 2g or 1048576 in megabytes; -1 if it is none. */
    static long megabytes(String size) {
        try {
            char unit = Character.toLowerCase(size.charAt(size.length() - 1));
            String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
            long n = Long.parseLong(digits);
            return switch (unit) {
                case 'k' -> n >> 10;
                case 'm' -> n;
                case 'g' -> n << 10;
                case 't' -> n << 20;
                default -> Character.isDigit(unit) ? n >> 20 : -1;
            };
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The memory the ranks on one node may use, and where that figure comes from. */
    record Memory(long megabytes, String whose, String remedy) {

        /** SLURM's share for this job on each node where it gives one, else this machine's memory. */
        static Memory ofNode() {
            long machine = 8L << 10;
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
                machine = os.getTotalMemorySize() >> 20;
            }
            long perNode = slurm(Environment.SLURM_MEM_PER_NODE);
            if (perNode > 0) {
                return new Memory(Math.min(perNode, machine), "this job has on each node (SLURM_MEM_PER_NODE)",
                        "ask SLURM for more (sbatch --mem), or put fewer ranks on each node (--ntasks-per-node)");
            }
            long perCpu = slurm(Environment.SLURM_MEM_PER_CPU);
            long cpus = slurm(Environment.SLURM_CPUS_ON_NODE);
            if (perCpu > 0 && cpus > 0) {
                return new Memory(Math.min(perCpu * cpus, machine), "this job has on this node (SLURM_MEM_PER_CPU x"
                        + " SLURM_CPUS_ON_NODE)", "ask SLURM for more (sbatch --mem-per-cpu), or put fewer ranks on each node"
                        + " (--ntasks-per-node)");
            }
            String less = "give each less heap (MPJ_RANK_JAVA_OPTIONS=-Xmx48m, if the program needs no more)";
            if (Environment.SLURM_JOB_ID.isSet()) {
                return new Memory(machine, "this node has", "put fewer ranks on each node (sbatch --ntasks-per-node), or " + less);
            }
            return new Memory(machine, "this machine has", "run fewer ranks, or -dev multicore (all ranks in one JVM), or " + less);
        }

        private static long slurm(Environment variable) {
            String value = variable.value();
            if (value == null || !Environment.SLURM_JOB_ID.isSet()) {
                return -1;
            }
            try {
                return Long.parseLong(value.trim().replaceAll("[^0-9].*$", ""));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
