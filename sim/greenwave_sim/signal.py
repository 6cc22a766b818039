"""SUMO program phase index -> NEMA phase states and Indiana event codes.

Every scenario's program has the same six phases (see scenario.py):
  0 main green (NEMA 2+6)   1 main yellow   2 main red clearance (all red)
  3 side green (NEMA 4+8)   4 side yellow   5 side red clearance (all red)
"""
MAIN, SIDE = (2, 6), (4, 8)

# Events logged when program phase k begins: list of (NEMA phases, codes).
EVENTS_AT = {
    0: [(SIDE, (11, 12)), (MAIN, (0, 1))],
    1: [(MAIN, (7, 8))],
    2: [(MAIN, (9, 10))],
    3: [(MAIN, (11, 12)), (SIDE, (0, 1))],
    4: [(SIDE, (7, 8))],
    5: [(SIDE, (9, 10))],
}


def nema_state(program_phase, nema):
    """'G', 'Y' or 'R' of a NEMA phase while the program is in `program_phase`."""
    base = 0 if nema in MAIN else 3
    k = program_phase - base
    return {0: "G", 1: "Y"}.get(k, "R")


def state_at(switches, t):
    """Program phase index in force at sim time t, from [(t, phase)] sorted by time (None before the first)."""
    lo, hi = 0, len(switches)
    while lo < hi:
        mid = (lo + hi) // 2
        if switches[mid][0] <= t:
            lo = mid + 1
        else:
            hi = mid
    return switches[lo - 1][1] if lo else None
