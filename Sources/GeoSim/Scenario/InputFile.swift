import Foundation

/// Reading an input file (topology, scenario, fault schedule) as JSON.
public enum InputFile {
    /// The JSON document at `path`, as the root `InputNode`. Every error (a missing or
    /// unreadable file, invalid UTF-8, a JSON syntax error) is an `InputError` whose
    /// `file` is `path`.
    public static func readJSON(path: String) throws(InputError) -> InputNode {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw InputError(file: path, location: "$",
                             message: exists ? "cannot read the file (is it a directory, or not readable?)" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, location: "$", message: "the file is not UTF-8 text")
        }
        do {
            return InputNode(try JSONParser.parse(text))
        } catch {
            throw error.inFile(path)
        }
    }
}
