/// Help lines for a list of options, laid out as `geosim help run` does: the option and
/// its value in a 30-column gutter, the help (and default) wrapped to 80 columns.
enum OptionHelp {
    static func lines(_ specs: [OptionSpec]) -> String {
        var text = ""
        let indent = 30
        for spec in specs {
            var left = "  " + (spec.shortName.map { $0 + ", " } ?? "") + spec.name
            if let value = spec.valueName { left += " " + value }
            var help = spec.help
            if let defaultText = spec.defaultText { help += " [default: \(defaultText)]" }
            var lines = HelpTextWrap.wrap(help, width: 80 - indent)
            let first = lines.isEmpty ? "" : lines.removeFirst()
            text +=
                left.count >= indent - 1
                ? left + "\n" + String(repeating: " ", count: indent) + first + "\n"
                : left + String(repeating: " ", count: indent - left.count) + first + "\n"
            for line in lines { text += String(repeating: " ", count: indent) + line + "\n" }
        }
        return text
    }
}
