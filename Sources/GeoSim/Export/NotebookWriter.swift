/// Writes `geosim.ipynb`: a Jupyter notebook (nbformat 4, minor 5) that loads every table
/// of the export with pandas, using the column types of `manifest.json`, and redraws every
/// chart with matplotlib from those tables.
///
/// Each chart cell is saved with an output already in it: the SVG geosim drew (mime type
/// `image/svg+xml`), so the notebook shows its pictures in any viewer without running a
/// kernel; running it replaces them with matplotlib's.
///
/// The bytes are deterministic: cells in bundle order, ids derived from chart names, JSON
/// by `JSONWriter` (keys sorted). The Python the cells hold is generated from
/// `ExportChart` descriptions; every string in it is written as a JSON string literal,
/// which is also a valid Python literal.
public enum NotebookWriter {
    public static let path = "geosim.ipynb"

    /// The notebook's JSON text (ending with a newline). `svgs` are the charts' SVG
    /// documents, in `bundle.charts` order.
    public static func notebook(_ bundle: ExportBundle, svgs: [String]) -> String {
        var cells: [JSONValue] = []
        var ids: [String] = []
        func add(_ cell: JSONValue, id wanted: String) {
            // Cell ids: 1–64 characters of [A-Za-z0-9_-], unique in the notebook.
            var id = String(ExportBundle.identifier(wanted).prefix(56))
            var suffix = 2
            while ids.contains(id) {
                id = String(ExportBundle.identifier(wanted).prefix(56)) + "-\(suffix)"
                suffix += 1
            }
            ids.append(id)
            if case .object(var members) = cell {
                members.append(("id", .string(id)))
                cells.append(.object(members))
            }
        }

        add(markdown(introduction(bundle)), id: "introduction")
        add(code(setupSource, outputs: []), id: "setup")
        add(code(loadSource, outputs: []), id: "load-tables")

        var drawn: [String] = []
        for section in bundle.sections {
            let charts = section.charts.compactMap { path in bundle.charts.firstIndex { $0.path == path } }
            guard !charts.isEmpty else { continue }
            var text = "## " + section.title
            if !section.text.isEmpty { text += "\n\n" + section.text }
            add(markdown(text), id: "section-" + section.title)
            for index in charts where !drawn.contains(bundle.charts[index].path) {
                drawn.append(bundle.charts[index].path)
                add(chartCell(bundle.charts[index], svg: index < svgs.count ? svgs[index] : nil), id: "chart-" + bundle.charts[index].name)
            }
        }
        // Charts no section names still get a cell, after the rest.
        let rest = bundle.charts.indices.filter { !drawn.contains(bundle.charts[$0].path) }
        if !rest.isEmpty {
            add(markdown("## More charts"), id: "section-more-charts")
            for index in rest {
                add(chartCell(bundle.charts[index], svg: index < svgs.count ? svgs[index] : nil), id: "chart-" + bundle.charts[index].name)
            }
        }

        let document: JSONValue = .object([
            ("nbformat", .number(4)),
            ("nbformat_minor", .number(5)),
            (
                "metadata",
                .object([
                    (
                        "kernelspec",
                        .object([
                            ("name", .string("python3")),
                            ("display_name", .string("Python 3")),
                            ("language", .string("python")),
                        ])
                    ),
                    ("language_info", .object([("name", .string("python"))])),
                    (
                        "geosim",
                        .object([
                            ("version", .string(bundle.version)),
                            ("kind", .string(bundle.kind)),
                        ])
                    ),
                ])
            ),
            ("cells", .array(cells)),
        ])
        return JSONWriter.string(document, pretty: true) + "\n"
    }

    // MARK: - Cells

    /// nbformat keeps multi-line text as a list of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> JSONValue {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        var result: [JSONValue] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1 {
                if !part.isEmpty { result.append(.string(String(part))) }
            } else {
                result.append(.string(String(part) + "\n"))
            }
        }
        return .array(result)
    }

    static func markdown(_ text: String) -> JSONValue {
        .object([("cell_type", .string("markdown")), ("metadata", .object([])), ("source", lines(text))])
    }

    static func code(_ source: String, outputs: [JSONValue]) -> JSONValue {
        .object([
            ("cell_type", .string("code")),
            ("execution_count", .null),
            ("metadata", .object([])),
            ("outputs", .array(outputs)),
            ("source", lines(source)),
        ])
    }

    /// A chart's cell: the `draw(...)` call, with geosim's SVG as its saved output.
    static func chartCell(_ chart: ExportChart, svg: String?) -> JSONValue {
        var outputs: [JSONValue] = []
        if let svg {
            outputs.append(
                .object([
                    ("output_type", .string("display_data")),
                    ("metadata", .object([])),
                    (
                        "data",
                        .object([
                            ("image/svg+xml", lines(HTMLReport.inlineSVG(svg))),
                            ("text/plain", lines("<geosim chart: " + chart.title + ">")),
                        ])
                    ),
                ]))
        }
        return code(drawCall(chart), outputs: outputs)
    }

    static func introduction(_ bundle: ExportBundle) -> String {
        var text = "# " + markdownText(bundle.title) + "\n\n"
        text += "Written by geosim \(bundle.version)"
        if let seed = bundle.seed { text += " (seed \(seed))" }
        text += ". The charts below are the ones geosim drew; run the notebook to redraw them with matplotlib "
        text += "from the CSV tables next to it (`manifest.json` lists every file, with the columns, units and types of each table). "
        text += "Empty fields in the tables are missing values.\n"
        if !bundle.scenario.isEmpty {
            text += "\n| setting | value |\n| --- | --- |\n"
            for entry in bundle.scenario {
                text += "| " + markdownCell(entry.key) + " | " + markdownCell(entry.value) + " |\n"
            }
        }
        if !bundle.tables.isEmpty {
            text += "\nTables:\n\n"
            for table in bundle.tables {
                text += "- `" + table.path + "`: " + table.description + "\n"
            }
        }
        return text
    }

    /// Text safe inside a markdown table cell: `markdownText`, whose escapes include `|`.
    static func markdownCell(_ text: String) -> String { markdownText(text) }

    /// User text (names, labels, settings) as literal markdown: `<`, `>` and `&` become
    /// HTML entities, so that no tag in a label reaches the rendered page (nbconvert's
    /// HTML would run a `<script>`), markdown punctuation is backslash-escaped (no links,
    /// emphasis, code spans or table breaks), and line breaks and other control characters
    /// become spaces. Letters, digits, spaces, `-`, `,`, `.`, `:`, `/`, `@` and `=` stay
    /// as they are, so ordinary settings read the same.
    static func markdownText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "(", ")", "{", "}", "#", "!", "|", "~", "+", "^", "$":
                result += "\\" + String(character)
            default:
                if character.unicodeScalars.contains(where: NameRules.isForbiddenInLabel) {
                    result += " "
                } else {
                    result.append(character)
                }
            }
        }
        return result
    }

    // MARK: - Python

    /// A Python string literal (JSON string syntax is valid Python).
    static func python(_ text: String) -> String { JSONWriter.string(.string(text), pretty: false) }

    static func python(_ value: Double) -> String { JSONWriter.format(value) }

    static func drawCall(_ chart: ExportChart) -> String {
        var arguments: [String] = [
            python(chart.table),
            "x=" + python(chart.x),
            "y=" + python(chart.y),
            "title=" + python(chart.title),
            "xlabel=" + python(chart.xLabel),
            "ylabel=" + python(chart.yLabel),
        ]
        if !chart.seriesBy.isEmpty { arguments.append("series=[" + chart.seriesBy.map(python).joined(separator: ", ") + "]") }
        if !chart.filter.isEmpty {
            arguments.append("where={" + chart.filter.map { python($0.column) + ": " + python($0.value) }.joined(separator: ", ") + "}")
        }
        if let band = chart.bandHalfWidth { arguments.append("band=" + python(band)) }
        if chart.xLog { arguments.append("xlog=True") }
        if chart.xCategorical { arguments.append("categorical=True") }
        if chart.sortX { arguments.append("sort_x=True") }
        if let range = chart.yRange { arguments.append("ylim=(\(python(range.lowerBound)), \(python(range.upperBound)))") }
        if let windows = chart.windows { arguments.append("windows=" + python(windows)) }
        if let markers = chart.markers {
            arguments.append("markers=" + python(markers))
            arguments.append("max_marker_labels=\(chart.maxMarkerLabels)")
        }
        return "draw(\n    " + arguments.joined(separator: ",\n    ") + ",\n)"
    }

    /// Imports and the one drawing function every chart cell calls.
    static let setupSource = #"""
        import json
        from pathlib import Path

        import matplotlib.pyplot as plt
        import pandas as pd

        # The export directory: the notebook sits in it.
        EXPORT_DIR = Path(".")
        # The colours of geosim's SVG charts (Okabe-Ito), in the same order.
        COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
        MAX_SERIES = 8
        plt.rcParams.update({"figure.figsize": (9, 5), "axes.grid": True, "grid.alpha": 0.3})


        def draw(table, x, y, title, xlabel, ylabel, series=(), where=None, band=None, xlog=False,
                 categorical=False, sort_x=False, ylim=None, windows=None, markers=None, max_marker_labels=8):
            """Draws one chart of the export from tables[table], as geosim drew its SVG.

            series: columns whose values split the rows into lines; where: {column: value} filters;
            band: a column holding the half-width of a confidence band around y; windows: a table
            of shaded spans (start_s, end_s, label); markers: a table of dashed verticals (t_s, label).
            """
            data = tables[table]
            for column, value in (where or {}).items():
                data = data[data[column].astype(str) == value]
            fig, ax = plt.subplots()
            if windows in tables:
                for number, (_, window) in enumerate(tables[windows].iterrows()):
                    ax.axvspan(window["start_s"], window["end_s"], color="grey", alpha=0.16,
                               label="fault" if number == 0 else None)
            categories = list(dict.fromkeys(data[x].astype(str))) if categorical else None
            groups = data.groupby(list(series), sort=False) if series else [(y, data)]
            for number, (key, group) in enumerate(groups):
                if number == MAX_SERIES:
                    break
                key = key if isinstance(key, tuple) else (key,)
                name = " / ".join(str(part) for part in key)
                if categorical:
                    xs = group[x].astype(str).map(categories.index).astype(float)
                else:
                    xs = pd.to_numeric(group[x], errors="coerce").astype(float)
                ys = pd.to_numeric(group[y], errors="coerce").astype(float)
                if sort_x:
                    order = xs.sort_values(kind="stable").index
                    xs, ys, group = xs[order], ys[order], group.loc[order]
                if xlog:
                    keep = xs > 0
                    xs, ys, group = xs[keep], ys[keep], group[keep]
                color = COLORS[number % len(COLORS)]
                ax.plot(xs, ys, label=name, color=color, linewidth=2, marker="o" if len(group) <= 12 else None, markersize=4)
                if band is not None:
                    half = pd.to_numeric(group[band], errors="coerce").astype(float)
                    ax.fill_between(xs, ys - half, ys + half, color=color, alpha=0.2, linewidth=0)
            if markers in tables:
                rows = tables[markers]
                for _, marker in rows.iterrows():
                    ax.axvline(marker["t_s"], color="0.2", linestyle="--", linewidth=1)
                    if len(rows) <= max_marker_labels:
                        ax.text(marker["t_s"], 0.98, " " + str(marker["label"]), transform=ax.get_xaxis_transform(),
                                rotation=90, va="top", fontsize=8)
            if xlog:
                ax.set_xscale("log")
            if categorical:
                ax.set_xticks(range(len(categories)), categories)
            if ylim is not None:
                # A little headroom, so lines at the limits (a CDF reaching 1) stay visible.
                pad = (ylim[1] - ylim[0]) * 0.02
                ax.set_ylim(ylim[0] - pad, ylim[1] + pad)
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            if ax.get_legend_handles_labels()[0]:
                ax.legend(fontsize=9)
            fig.tight_layout()
            plt.show()
        """#

    /// Loads every table the manifest lists, with its declared types.
    static let loadSource = #"""
        manifest = json.loads((EXPORT_DIR / "manifest.json").read_text(encoding="utf-8"))
        def load_table(entry):
            """Reads one CSV of the export with the dtypes the manifest declares (pandas_dtype; with
            polars: pl.read_csv(path, schema={c["name"]: getattr(pl, c["polars_dtype"]) for c in
            entry["columns"]})). Only empty fields are missing values, so text such as "NA" or
            "null" stays text, and a column whose fields are all empty keeps its declared type."""
            types = {column["name"]: column["pandas_dtype"] for column in entry["columns"]}
            table = pd.read_csv(EXPORT_DIR / entry["path"], dtype=types, keep_default_na=False, na_values=[""])
            expected = [column["name"] for column in entry["columns"]]
            assert list(table.columns) == expected, f"{entry['path']}: columns {list(table.columns)}, expected {expected}"
            # Text a spreadsheet would run as a formula was written with a leading ' (the
            # manifest's "csv_text_guard"); the tables here hold the text as written.
            for column in entry["columns"]:
                if column["type"] == "string":
                    table[column["name"]] = table[column["name"]].str.replace(r"^'(?=[=+\-@\t\r])", "", regex=True)
            return table


        tables = {entry["path"]: load_table(entry) for entry in manifest["files"] if entry["kind"] == "table"}
        for path, table in tables.items():
            print(f"{path}: {len(table)} rows; {', '.join(table.columns)}")
        """#
}
