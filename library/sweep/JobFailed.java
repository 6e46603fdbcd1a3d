package sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * A job whose bigJob failed, which ends the run (without --keep-going): "job 17 of 216 (eps=0.04,
 * model=cubic): java.lang.ArithmeticException: / by zero", with bigJob's own stack trace (the
 * frames of the sweep's code below it left out), so the launcher's report names the job, its
 * parameters, the rank, and the line of bigJob that failed.
 */
public final class JobFailed extends RuntimeException {

    JobFailed(String job, Throwable cause) {
        super(job + ": " + cause, cause.getCause(), false, true);
        List<StackTraceElement> mine = new ArrayList<>();
        for (StackTraceElement f : cause.getStackTrace()) {
            if (f.getClassName().startsWith(Sweep.class.getName())) {
                break;
            }
            mine.add(f);
        }
        setStackTrace(mine.toArray(new StackTraceElement[0]));
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
