// What a lesson compiles against, so that building it never needs MPJ Express.
//
// The files in this folder declare the public API of MPJ Express 0.44's package mpi (the mpiJava 1.2
// API): the same classes, fields and method signatures, and no code. jbang compiles a lesson against
// them; when the lesson runs, the launcher (Mpiexec...start(args)) finds MPJ Express itself (MPJ_HOME, or where
// scripts/setup installs it) and puts it first on every rank's class path, so these declarations are
// never executed. If MPJ Express is missing, the launcher says so in one line before any rank starts.
// tests/MpiApiTest.java checks every declaration here against MPJ Express's own jar.
package mpi;

final class Missing {

    private Missing() {
    }

    /** What every method here throws if it is ever called: MPJ Express is not on the class path. */
    static IllegalStateException error() {
        return new IllegalStateException("MPJ Express is not on the class path: start the program through"
                + " Mpiexec...start(args) (jbang lessons/01_hello.java), or with MPJ Express's mpjrun.sh");
    }

    /** A stand-in value for the fields MPJ Express computes when it starts (not compile-time constants). */
    static int number() {
        return 0;
    }
}
