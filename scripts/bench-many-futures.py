# The Python peer of scripts/bench-many: the same grid of trivial jobs with mpi4py.futures, as a
# Python user would write it (MPIPoolExecutor.map with a chunksize, each row written to a CSV).
#
#   mpiexec -n 8 python3 -m mpi4py.futures scripts/bench-many-futures.py NA NB OUT.csv CHUNKSIZE
#
# NA x NB jobs: a in linspace(0, 1, NA), b in linspace(0, 1, NB), as the sweep's --a 0:1:NA --b 0:1:NB.
import csv
import sys

from mpi4py.futures import MPIPoolExecutor


def big_job(ab):
    a, b = ab
    return a + b, a * b


def linspace(count):
    return [i / (count - 1) for i in range(count)] if count > 1 else [0.0]


def main():
    na, nb, out, chunksize = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    xs, ys = linspace(na), linspace(nb)
    jobs = [(a, b) for a in xs for b in ys]
    with MPIPoolExecutor() as pool, open(out, "w", newline="") as f:
        rows = csv.writer(f)
        rows.writerow(["a", "b", "sum", "product"])
        for (a, b), (s, p) in zip(jobs, pool.map(big_job, jobs, chunksize=chunksize)):
            rows.writerow([a, b, s, p])


if __name__ == "__main__":
    main()
