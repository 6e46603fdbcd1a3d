// The code lessons share, as one library for programs of your own outside this folder (a sweep of
// your own: jbang init -t sweep DIR/MyStudy.java). scripts/setup installs it into the local Maven
// repository as local.mpj-lessons:library:1, which such a program names in its //DEPS line.
//DEPS org.jfree:jfreechart:1.5.6
//SOURCES ../launcher/*.java
//SOURCES ../sweep/*.java
//COMPILE_OPTIONS -encoding UTF-8
package mpjlessons;

/** Running the library itself only says what it is. */
class Library {

    public static void main(String[] args) {
        System.out.println("the library of the MPI lessons (launcher.Mpiexec, sweep.Sweep); see the project's README");
    }
}
