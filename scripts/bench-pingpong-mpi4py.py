"""The Python peer of lesson 03's ping-pong: rank 0 sends a message to rank 1, which sends it
straight back, and half the round trip is the one-way time. Three lines, each after untimed
rounds of the same kind:

  lowercase comm.send/comm.recv of an 8-byte bytes object: what the article uses, so the
      object is pickled on the way out and unpickled on the way in;
  uppercase Send/Recv of an 8-byte buffer (numpy, or a bytearray where numpy is missing):
      the bytes go as they are, as in lesson 03;
  uppercase Send/Recv of a 16 MiB buffer: the bandwidth, size divided by the one-way time.

Run it (as root, Open MPI wants --allow-run-as-root; with more processes than cores, --oversubscribe):
  mpiexec --oversubscribe -n 2 python3 scripts/bench-pingpong-mpi4py.py [--rounds N] [--big-rounds N]
Ranks past 1 wait at the end. scripts/bench-pingpong runs it where python3 has mpi4py.
"""
import argparse
import pickle
import sys
import time

from mpi4py import MPI

try:
    import numpy
except ImportError:
    numpy = None

parser = argparse.ArgumentParser(description="ping-pong between rank 0 and rank 1 with mpi4py")
parser.add_argument("--rounds", type=int, default=100_000, help="timed round trips of 8 bytes (default 100000)")
parser.add_argument("--big-rounds", type=int, default=100, help="timed round trips of 16 MiB (default 100)")
args = parser.parse_args()

comm = MPI.COMM_WORLD
rank = comm.Get_rank()
if comm.Get_size() < 2:
    sys.exit("bench-pingpong-mpi4py: needs 2 processes: mpiexec -n 2 python3 " + sys.argv[0])
if min(args.rounds, args.big_rounds) < 1:
    sys.exit("bench-pingpong-mpi4py: --rounds and --big-rounds take a positive number")


def buffer(size):
    return numpy.zeros(size, dtype=numpy.uint8) if numpy is not None else bytearray(size)


def lowercase(rounds, message):
    """The one-way time in seconds of `rounds` round trips of comm.send/comm.recv."""
    start = time.perf_counter()
    for _ in range(rounds):
        if rank == 0:
            comm.send(message, dest=1, tag=8)
            message = comm.recv(source=1, tag=8)
        else:
            message = comm.recv(source=0, tag=8)
            comm.send(message, dest=0, tag=8)
    return (time.perf_counter() - start) / rounds / 2


def uppercase(rounds, message):
    """The one-way time in seconds of `rounds` round trips of Send/Recv of the buffer `message`."""
    spec = [message, MPI.BYTE]
    start = time.perf_counter()
    for _ in range(rounds):
        if rank == 0:
            comm.Send(spec, dest=1, tag=8)
            comm.Recv(spec, source=1, tag=8)
        else:
            comm.Recv(spec, source=0, tag=8)
            comm.Send(spec, dest=0, tag=8)
    return (time.perf_counter() - start) / rounds / 2


def measure(kind, rounds, message):
    """Untimed rounds first (a tenth as many, so caches and Open MPI's connections are warm), then the timed ones."""
    comm.Barrier()
    kind(max(1, rounds // 10), message)
    comm.Barrier()
    return kind(rounds, message)


if rank < 2:
    small = bytes(8)
    pickle_bytes = len(pickle.dumps(small, pickle.HIGHEST_PROTOCOL))
    pickled = measure(lowercase, args.rounds, small)
    raw = measure(uppercase, args.rounds, buffer(8))
    big = 16 << 20
    bandwidth = big / measure(uppercase, args.big_rounds, buffer(big))
    if rank == 0:
        levels = {MPI.THREAD_SINGLE: "single", MPI.THREAD_FUNNELED: "funneled",
                  MPI.THREAD_SERIALIZED: "serialized", MPI.THREAD_MULTIPLE: "multiple"}
        library = MPI.Get_library_version().splitlines()[0].split(",")[0].strip()
        print(f"mpi4py {__import__('mpi4py').__version__}, {library}, Python {sys.version.split()[0]}, "
              f"{'numpy ' + numpy.__version__ if numpy is not None else 'no numpy (bytearray buffers)'}, "
              f"thread level {levels.get(MPI.Query_thread(), '?')}; {args.rounds} rounds of 8 bytes, "
              f"{args.big_rounds} of 16 MiB")
        print(f"lowercase comm.send/recv, 8-byte bytes object (pickled: {pickle_bytes} bytes): "
              f"{pickled * 1e6:.2f} us one-way")
        print(f"uppercase Send/Recv, 8-byte {'numpy' if numpy is not None else 'bytearray'} buffer: "
              f"{raw * 1e6:.2f} us one-way")
        print(f"uppercase Send/Recv, 16 MiB {'numpy' if numpy is not None else 'bytearray'} buffer: "
              f"{bandwidth / 1e6:.0f} MB/s")
comm.Barrier()
