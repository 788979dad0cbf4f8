"""Start-up time of short commands against each other, interleaved.

    python3 bench/startup.py ROUNDS OUT.json NAME=COMMAND...

Each round runs every command once, in an order that rotates from round
to round, so that all of them see the same moments of a shared machine.
(hyperfine runs all the runs of one command, then all of the next: on a
machine whose load comes and goes, `true` and `agenda` then see different
conditions, and their ratio moved by a fifth from one run to the next.)
A command is spawned directly, without a shell, with its output on
/dev/null opened write-only, as hyperfine -N does. Twenty rounds warm up
first. Writes the median wall time of each command, in seconds, to
OUT.json and prints them.
"""

import json
import os
import shlex
import statistics
import sys
import time


def main() -> None:
    rounds, out = int(sys.argv[1]), sys.argv[2]
    commands = []
    for spec in sys.argv[3:]:
        name, _, line = spec.partition("=")
        commands.append((name, shlex.split(line)))
    null = os.open(os.devnull, os.O_WRONLY)
    quiet = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
    times = {name: [] for name, _ in commands}
    warm_up = 20
    for r in range(warm_up + rounds):
        shift = r % len(commands)
        for name, argv in commands[shift:] + commands[:shift]:
            start = time.perf_counter_ns()
            pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=quiet)
            _, status = os.waitpid(pid, 0)
            took = time.perf_counter_ns() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"startup.py: {name} failed: {shlex.join(argv)}")
            if r >= warm_up:
                times[name].append(took / 1e9)
    medians = {name: statistics.median(t) for name, t in times.items()}
    with open(out, "w") as f:
        json.dump(medians, f)
    for name, median in medians.items():
        print(f"{name}: {median * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
