package launcher;

/**
 * Input the user can put right (the command line, a file it names, the set-up): one line on stderr
 * saying what is wrong and what to do, exit status 2, before any rank starts or from within one.
 * The same exception from the parsing of the options to the end of the run.
 */
public final class BadInput extends ExitStatus {

    public BadInput(String message) {
        super(Mpiexec.USAGE, message);
    }
}
