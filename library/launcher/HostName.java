package launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name, as SLURM calls it on a node of a job, else as the kernel has it. Java's
 * {@code InetAddress.getLocalHost()} asks the resolver, which on a machine whose name no one
 * resolves (a compute node without DNS) waits for it to give up: 1.4 s per rank on a multicore run
 * here. It is asked only where the kernel cannot say.
 */
public final class HostName {

    private HostName() {
    }

    public static String of() {
        String slurm = Environment.SLURMD_NODENAME.value();
        if (slurm != null && !slurm.isBlank()) {
            return slurm;
        }
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException notLinux) {
            // asked below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Environment.HOSTNAME.valueOr("unknown");
        }
    }
}
