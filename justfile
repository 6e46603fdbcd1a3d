# Short commands for the lessons. `just` alone lists them.
# Each one works without just too: the command it runs is on the line below its name.

# list the recipes
default:
    @just --list --unsorted

# install jbang and MPJ Express if they are missing (every other recipe does this by itself)
setup:
    scripts/setup

# lesson 00: check the JDK, jbang, MPJ Express and a round trip on each device
check:
    scripts/jbang lessons/00_install_check.java

# lesson 01, hello world, on NP ranks; DEV is multicore (threads) or niodev (processes)
hello np="8" dev="multicore":
    scripts/jbang lessons/01_hello.java -np {{np}} -dev {{dev}}

# lesson 02, the parameter sweep, on NP ranks with SCHEDULE blocks or article
sweep np="8" schedule="blocks" *args:
    scripts/jbang lessons/02_sweep.java -np {{np}} --schedule {{schedule}} {{args}}

# lesson 06, the same sweep with dynamic scheduling, on NP ranks
dynamic-sweep np="8" *args:
    scripts/jbang lessons/06_dynamic_sweep.java -np {{np}} {{args}}

# make a sweep of your own from the template, e.g. just new-sweep ~/study/MyStudy.java (FILE from where you are)
[no-cd]
new-sweep file:
    {{justfile_directory()}}/scripts/jbang init -t sweep@{{justfile_directory()}} {{file}}

# run any lesson with launcher and program arguments, e.g. just run lessons/01_hello.java -np 4 -l
run lesson *args:
    scripts/jbang {{lesson}} {{args}}

# every test, or the test classes named, e.g. just test HelloTest (--quick: every lesson once, ~2 min)
test *classes:
    scripts/test {{classes}}

# the tests that act on a running program, RUNS times in a row under a CPU hog: every run must pass
test-under-load runs="10" *tests:
    scripts/test-under-load {{runs}} {{tests}}

# MPJ Express's own test suite (fetched from Debian the first time) at 4 and 8 ranks on both devices with the fixes on, e.g. just mpj-suite -np 4 ccl/bcast
mpj-suite *args:
    scripts/mpj-suite {{args}}

# time lesson 01 at 8 ranks on each device, next to MPJ Express's own mpjrun.sh
bench-hello runs="10":
    scripts/bench-hello {{runs}}

# compare the sweep's schedules (--job sleep) at 2, 4 and 8 ranks on each device
bench-sweep runs="3":
    scripts/bench-sweep {{runs}}

# a grid of 10^4 to 10^6 trivial jobs (--max 10000000 for 10^7) at 8 ranks on each device, beside mpi4py.futures where installed
bench-many *args:
    scripts/bench-many {{args}}

# what a job costs when it runs a program of its own (jbang init -t sweep-command)
bench-command *args:
    scripts/bench-command {{args}}

# lesson 01 at 16 to 320 ranks on each device: time, memory, whole lines (--quick: no 320)
bench-scale *args:
    scripts/bench-scale {{args}}

# lesson 03's ping-pong at 2, 4 and 16 thread ranks with and without the spin, next to System.arraycopy; runs it must not slow
bench-pingpong runs="5":
    scripts/bench-pingpong {{runs}}

# lessons 02 and 06 at 8 ranks and lesson 03's tour, RUNS times in all under a CPU hog on both devices: failed runs must be 0
bench-stress runs="300" *args:
    scripts/bench-stress {{runs}} {{args}}

# check each wrong answer to the exercises RUNS times (tests/fixtures/exercises): lucky passes must be 0
bench-exercises runs="20" *answers:
    scripts/bench-exercises {{runs}} {{answers}}

# check exercise N (exercises/NN_*.java), or your own FILE for it (from where you are): ✓, or what is wrong and a hint
[no-cd]
exercise n file="":
    "{{justfile_directory()}}/scripts/exercise" {{n}} {{file}}
