"""`make bench`: the suite (benchmarks/suite.py), all options passed on."""

from benchmarks.suite import main

if __name__ == "__main__":
    main()
