// The code lessons share, as one library for programs of your own outside this folder (a sweep of
// your own: jbang init -t sweep DIR/MyStudy.java). scripts/setup installs it into the local Maven
// repository as local.mpj-lessons:library:1, which such a program names in its //DEPS line.
//DEPS org.jfree:jfreechart:1.5.6
//DEPS tools.jackson.core:jackson-core:3.3.0
//DEPS tools.jackson.core:jackson-databind:3.3.0
//SOURCES ../launcher/*.java
//SOURCES ../sweep/*.java
//COMPILE_OPTIONS -encoding UTF-8
package mpjlessons;

/** Running the library itself only says what it is. */
class Library {

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("options")) {
            // The sweep's options as docs/your-own-sweep.md lists them (a test compares the two), from
            // the table the parser and -help use.
            for (sweep.Settings.Program p : sweep.Settings.Program.values()) {
                System.out.println(p + ":\n" + sweep.Settings.markdown(p));
            }
            return;
        }
        System.out.println("the library of the MPI lessons (launcher.Mpiexec, sweep.Sweep); see the project's README");
    }
}
