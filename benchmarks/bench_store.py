"""How much the store's validation and checks cost over a bare SQLAlchemy write.

Prints, for a generated cohort of N participants on SQLite:
- writing through ``Store.add_participants`` (validation, reference checks, one
  transaction) against the baseline of a bare ``executemany`` of ready-made rows;
- reading ``Store.participants()`` as a DataFrame against the baseline of
  ``pandas.read_sql_table`` (which returns JSON columns as raw text).
Each figure is the median of several runs, as a ratio to its baseline measured in the
same run: the machine is shared, so absolute times mean little.

    python benchmarks/bench_store.py [--participants 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import insert

from mentorkit.domain.participants import Participant
from mentorkit.domain.programs import Cohort, Program
from mentorkit.services.demo import generate_cohort
from mentorkit.store import Store
from mentorkit.store import schema as t
from mentorkit.store._base import _row

PROGRAM = Program(name="bench", start_date=date(2027, 1, 1), end_date=date(2027, 12, 1))


def fresh_store(folder: Path, name: str) -> Store:
    store = Store.open(f"sqlite:///{folder / name}.db")
    store.save_program(PROGRAM)
    store.add_cohort(Cohort(name="Demo cohort"))
    return store


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    mentors = args.participants // 5
    cohort = generate_cohort(mentors, args.participants - mentors, seed=1)
    records = cohort.to_dict("records")
    people = [Participant.from_dict(r) for r in records]
    ready_rows = [_row(p, t.participants, cohort_id=1) for p in people]

    write_store, write_bare, read_store, read_pandas = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for run in range(args.repeat):
            store = fresh_store(folder, f"store{run}")
            bare = fresh_store(folder, f"bare{run}")
            write_store.append(timed(lambda s=store: s.add_participants(records)))

            def write_rows(b=bare):
                with b.engine.begin() as conn:
                    conn.execute(insert(t.participants), ready_rows)

            write_bare.append(timed(write_rows))
            read_store.append(timed(lambda s=store: s.participants()))
            read_pandas.append(
                timed(lambda s=store: pd.read_sql_table("participants", s.engine))
            )
            store.close()
            bare.close()

    def ratio(measured, baseline):
        return statistics.median(measured) / statistics.median(baseline)

    n = args.participants
    print(f"participants: {n}, runs: {args.repeat}, SQLite")
    print(
        f"write: Store.add_participants / bare executemany = "
        f"{ratio(write_store, write_bare):.2f}x"
    )
    print(
        f"read:  Store.participants() / pandas.read_sql_table = "
        f"{ratio(read_store, read_pandas):.2f}x"
    )


if __name__ == "__main__":
    main()
