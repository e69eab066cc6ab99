/// The help pages printed by `geosim help [COMMAND]` and `--help`.
enum HelpText {
    static let general = """
        geosim \(CommandLineInterface.version): what will this geo-replicated database actually do?

        A deterministic simulator of a Raft-replicated store across cloud regions: write and
        read latency per client region, next to the speed-of-light floor.

        Usage:
          geosim [run] --topology us-east,us-west,eu-central [options]
          geosim regions [--from REGION] [--format text|json|csv]
          geosim bench [--quick]
          geosim visibility --scenario FILE [--t-grid 0ms,1ms,...] [--trials N]
          geosim sweep [run options] --vary NAME=V1,V2,... [--replicates R] [--out DIR]
          geosim merge DIR
          geosim plan [run options] --slo "p99 write < 250ms" --vary rate=LOW..HIGH
          geosim check --seeds N [run options] [--unsafe NAME]
          geosim report --html FILE [--export DIR] (--from REPORT.json | run options)
          geosim check-history FILE [--model register|cas-register|kv] [--svg FILE]
          geosim diff A B [--format text|json] [--threshold PCT]
          geosim schema [scenario|topology|faults|sweep|alerts]
          geosim completions bash|zsh|fish
          geosim help [COMMAND] | help --man
          geosim --version

        Commands:
          run        simulate one scenario and print its report (the default command)
          regions    list the built-in regions, their cities and round trips
          bench      time fixed scenarios: events/s, simulated ops/s (use a release build)
          visibility PBS experiment: P(a read t after a write's commit sees it), per t
          sweep      run a grid of scenarios x replicates in parallel, or one shard of it
          merge      merge the shard files of a sharded sweep into the unsharded result
          plan       find the largest rate meeting SLOs; compare placements
          check      seeded runs under random faults, checked for consistency violations
          report     draw a run as an HTML page and/or a notebook export directory
          check-history  check a recorded history (Jepsen EDN or geosim JSON Lines)
                     for linearizability; exit 0 yes, 1 no, 2 inconclusive
          diff       two runs or two sweeps side by side: every figure's change
          schema     the JSON Schema of an input file, for editors (no name: list them)
          completions  a shell completion script (bash, zsh, fish)
          help       show help for a command (help --man: the man page)


        Exit codes: 0 ok; 1 violation or missed SLO; 64 usage error; 65 bad input file; 70 internal error;
        73 an output (--out, --html, --export) cannot be created; 74 writing an output or stdout failed;
        130 interrupted.
        Outputs are written whole or not at all; see "Writing outputs" in README.md.
        Run 'geosim help run' for the run options.

        """

    static var run: String {
        var text = """
            Usage: geosim [run] --topology LIST|FILE [options]

            Simulates one scenario and prints its report. Durations always carry a unit:
            250us, 150ms, 3s, 2m, 1h (a bare number is an error). Options take their value
            as '--opt value' or '--opt=value'. Numbers are plain decimals (5, 0.25, 1e6):
            no surrounding spaces, no leading '+', no hex. An option given twice is a usage
            error, except the repeatable ones: the fault flags, --limit, --vary, --compare,
            --slo and --unsafe. A custom region's name is 1 to 64 letters, digits, '-', '_'
            and '.', starting with a letter or digit; a fault label or a region's city is at
            most 200 characters without control characters. Input files must be regular
            files (not FIFOs or devices). The common options have one-letter forms: -t
            (--topology), -d (--duration), -s (--seed), -f (--format), -o (--out).

            """
        text += OptionGroups.help(RunOptions.specs.filter(\.isAvailable))
        text += """

            Distributions (--jitter, --service-time) are a duration (a constant) or JSON:
              {"constant": "5ms"}   {"uniform": {"min": "1ms", "max": "3ms"}}
              {"normal": {"mean": "10ms", "stddev": "2ms"}}
              {"lognormal": {"median": "10ms", "sigma": 0.5}}
              {"exponential": {"mean": "2ms"}}
              {"pareto": {"scale": "0.235ms", "shape": 10}}
              {"mixture": [{"weight": 0.9, "of": {...}}, {"weight": 0.1, "of": {...}}]}
              {"empirical": {"p50": "3.75ms", "p99": "6.59ms", "max": "2.98s"}}
            The default jitter is lognormal, median 5% of the link's one-way latency.

            \(FaultParser.syntaxHelp)
            Examples:
              geosim --topology us-east,us-west,eu-central
              geosim --topology us-east,us-west,eu-central --leader eu-central --format json
              geosim --topology topologies/five-region-global.json --rate 5000 --jitter none

            """
        return text
    }

    static let completions = """
        Usage: geosim completions bash|zsh|fish

        Prints a completion script for the shell, generated from geosim's option tables: the
        commands, each command's options (and their one-letter forms), the choices of an
        option such as --format or --replication, region names for --topology, and files.

          bash: geosim completions bash > ~/.local/share/bash-completion/completions/geosim
          zsh:  geosim completions zsh > "${fpath[1]}/_geosim"   (then restart zsh)
          fish: geosim completions fish > ~/.config/fish/completions/geosim.fish

        The man page is 'geosim help --man' (also docs/geosim.1): man -l docs/geosim.1

        """

    static let bench = """
        Usage: geosim bench [--quick] [--json] [--only TEXT]

        Times a fixed suite with fixed seeds: the three-region default; write-only at 200k
        writes/s (engine throughput); the SimPy reference model; 9 nodes with 1 and 1000
        ranges; nine regions x 3 zones with 1000 ranges at 20k ops/s; 24 h simulated at 1000
        ops/s; a 64-point sweep on one thread and on every core; a 200-seed check swarm; a
        10,000-operation linearizability check; a 10,000-operation cas-register history
        through check-history (5 processes, 10% :info). Each case prints wall time,
        events/s, simulated operations/s, events per operation, simulated seconds per wall
        second and its peak resident memory. --json prints them as geosim.bench/1 for comparing commits;
        --quick runs about a tenth as long. Build with -c release: debug builds are 10-50x
        slower.

        Options:
          --quick        shorter runs, about a tenth (less stable figures)
          --json         the figures as JSON (geosim.bench/1) instead of a table
          --only TEXT    run only the cases whose name contains TEXT

        """

    static func wrap(_ text: String, width: Int) -> [String] {
        HelpTextWrap.wrap(text, width: width)
    }
}
