package launcher;

/**
 * Every environment variable the project reads, the one list: what sets it, its default and what
 * it does. docs/environment.md and its twin show it as a table, and a test (EnvironmentTest) fails
 * when the code or a script reads a variable that is not here, or when a table names other ones.
 *
 * <p>Java code reads them through here ({@code Environment.MPJ_DEVICE.value()}). Three places
 * cannot, and read the variables they need themselves: the fix layer (library/mpjfix, compiled
 * into MPJ Express's JVMs without the launcher), scripts/Fetch.java (run by a bare JDK before
 * anything is installed) and the exercises' checker (a program of its own).
 */
public enum Environment {

    // Yours to set.
    MPJ_HOME(By.YOU, "the one scripts/setup installs", "where MPJ Express is"),
    MPJ_DEVICE(By.YOU, "multicore", "the device when -dev is not given"),
    MPJ_IFACE(By.YOU, "the node's own address", "the network interface niodev ranks connect over, as -iface"),
    MPJ_RANK_JAVA_OPTIONS(By.YOU, "none", "more options for every rank JVM (niodev, srun), after the launcher's own"),
    MPJ_FIXES(By.YOU, "all", "which fixes to MPJ Express apply: all, none, or all but some (-spin,-handoff)"),
    MPJ_NO_SRUN(By.YOU, "unset", "set: ranks run on this machine even inside a SLURM job"),
    MPJ_NO_CDS(By.YOU, "unset", "set: rank JVMs start without a class-data archive"),
    MAVEN_REPOSITORY(By.YOU, "Maven Central", "the Maven repository scripts/setup downloads jbang from (a mirror)"),
    JBANG_NO_FASTPATH(By.YOU, "unset", "set: scripts/jbang-launcher always asks jbang, not its own quick path"),
    WORK(By.YOU, "$SCRATCH/STUDY, else ./scratch/STUDY", "slurm/sweep.sbatch: where a sweep writes while it runs"),
    RESULTS(By.YOU, "~/results/STUDY", "slurm/sweep.sbatch: where the results go when it ends"),
    LESSON(By.YOU, "lesson 01 (hello.sbatch), 02 (sweep.sbatch)", "slurm/*.sbatch: the program to run"),
    ARGS(By.YOU, "none", "slurm/hello.sbatch: options for the program, before those given as arguments"),
    SWEEP_ARGS(By.YOU, "none", "slurm/sweep.sbatch: options for the program, before those given as arguments"),
    JBANG(By.YOU, "PROJECT/scripts/jbang", "slurm/*.sbatch: the jbang they run the program with"),
    PROJECT(By.YOU, "the project the script was submitted from", "slurm/*.sbatch: the project's folder"),
    JAVA_HOME(By.YOU, "the java on PATH", "the JDK scripts and submissions use"),
    JBANG_JAVA_OPTIONS(By.YOU, "none", "options for the JVM that runs jbang itself"),

    // Set by the project for its own programs.
    MPJ_LESSONS_SOURCE(By.PROJECT, "unset", "the program's source file, from scripts/jbang-launcher (sweep.json names it)"),
    MPJ_RUN_SECRET(By.PROJECT, "unset", "the run's secret, from the launcher to its rank JVMs (the secret fix)"),
    MPJ_SLURM_DIR(By.YOU, "/tmp/mpj-lessons-slurm", "scripts/slurm-local: the pretend cluster's folder"),
    EXERCISE_CWD(By.PROJECT, "unset", "the folder scripts/exercise was run from, for the checker"),
    APT_PRIVATE_TYPES(By.PROJECT, "deb deb-src", "scripts/apt-private: the kinds of Debian sources it copies"),

    // Set by jbang, SLURM and the system.
    JBANG_LAUNCH_CMD(By.OTHERS, "unset", "jbang: how it was started (lesson 00 shows it)"),
    JBANG_DIR(By.OTHERS, "~/.jbang", "jbang's own folder"),
    JBANG_REPO(By.OTHERS, "~/.m2/repository (a bundle's offline/maven)", "jbang's Maven repository"),
    SLURM_JOB_ID(By.OTHERS, "unset", "SLURM: set inside a job, where the launcher starts ranks with srun"),
    SLURM_PROCID(By.OTHERS, "unset", "SLURM: a task's rank"),
    SLURMD_NODENAME(By.OTHERS, "unset", "SLURM: the node's name, for host names in messages and sweep.json"),
    SLURM_JOB_NUM_NODES(By.OTHERS, "1", "SLURM: how many nodes the job has"),
    SLURM_MEM_PER_NODE(By.OTHERS, "unset", "SLURM: memory per node (sbatch --mem), which rank heaps must fit in"),
    SLURM_MEM_PER_CPU(By.OTHERS, "unset", "SLURM: memory per CPU (sbatch --mem-per-cpu)"),
    SLURM_CPUS_ON_NODE(By.OTHERS, "unset", "SLURM: CPUs of the job on this node"),
    SCRATCH(By.OTHERS, "unset", "many clusters: fast storage for running jobs (slurm/sweep.sbatch's WORK)"),
    HOME(By.OTHERS, "the account's home", "where jbang, MPJ Express and the results go"),
    XDG_DATA_HOME(By.OTHERS, "~/.local/share", "where scripts/setup installs MPJ Express"),
    XDG_CACHE_HOME(By.OTHERS, "~/.cache", "where the project keeps what it can make again"),
    XDG_CONFIG_HOME(By.OTHERS, "~/.config", "where scripts/setup notes that you want no changes to your shell's profile"),
    PATH(By.OTHERS, "the system's", "where srun and the programs are looked for"),
    HOSTNAME(By.OTHERS, "the kernel's", "the machine's name, when neither SLURM nor /proc gives it");

    /** Who sets a variable. */
    public enum By { YOU, PROJECT, OTHERS }

    /** Who sets it. */
    public final By by;
    /** What it is when not set, in words. */
    public final String byDefault;
    /** What it does. */
    public final String does;

    Environment(By by, String byDefault, String does) {
        this.by = by;
        this.byDefault = byDefault;
        this.does = does;
    }

    /** Its value, or null when it is not set. */
    public String value() {
        return System.getenv(name());
    }

    /** Its value, or {@code otherwise} when it is not set. */
    public String valueOr(String otherwise) {
        String v = value();
        return v != null ? v : otherwise;
    }

    public boolean isSet() {
        return value() != null;
    }
}
